"""The seeds' terms marked by hand: what mining must find, and a judgement of every pair it shows.

JUDGED holds, for four of the five seeds (all but ec82…, the long one), every pair `mine` shows per
document without the glossary's own pairs, each marked by hand as a correct term pair (True) or not.
A new pair the miner starts to show fails the test until someone judges it; the precision over the
judged pairs must stay >= 0.9 (the issue's goal for candidates shown).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from duizhao.lang.glossary import load
from duizhao.pipeline import analyse, parse_file
from duizhao.terms import en_key, mine

# (seed file prefix, zh key, en key): pairs these seeds translate for us, marked by hand.
MUST = [
    ("002", "特别军事行动", "special military operation"),
    ("000", "无上限伙伴关系", "no limits partnership"),
    ("002", "次级制裁", "secondary sanctions"),
    ("002", "出口管制", "export controls"),
    ("002", "天然气管道", "natural gas pipeline"),
    ("002", "同江铁路大桥", "tongjiang railway bridge"),
    ("002", "南高加索", "south caucasus"),
    ("002", "里海峰会", "caspian sea summit"),
]

JUDGED = {
    "专门银行": ("specialized banks", True), "中国企业": ("china businesses", True),
    "制裁北京": ("sanction beijing", False), "技术相互依赖": ("technology dependence", True),
    "无上限伙伴关系": ("no limits partnership", True), "空壳公司": ("shell companies", True),
    "经济联系": ("economic ties", True), "美国制裁": ("us sanctions", True), "能源运输": ("energy transport", True),
    "西方市场": ("western market", True), "全球南方国家": ("global south countries", True),
    "全球多边机构": ("global multilateral institutions", True), "军火销售": ("arms sales", True),
    "国家文化": ("national culture", True), "国际体系": ("international system", True),
    "影响力竞争的舞台": ("arena for influence competition", True), "深刻的贸易关系": ("profound trade ties", True),
    "美国霸权": ("us hegemony", True), "苏联解体": ("collapse of the soviet union", True),
    "西方军事势力": ("western military influence", True), "西方制裁": ("western sanctions", True),
    "西方友好国家": ("western friendly countries", True), "颜色革命": ("color revolution", True),
    "俄罗斯贸易": ("russian trade", True), "北约成员": ("nato members", True), "商业关系": ("commercial ties", True),
    "大欧亚": ("greater eurasia", True), "敌对的俄罗斯": ("hostile russia", True),
    "有利的商业": ("favorable commercial", False), "军事技术": ("military technology", True),
    "武器交易": ("arms deals", True), "中国伙伴": ("chinese partners", True), "乌克兰危机": ("ukrainian crisis", True),
    "俄罗斯公司": ("russian companies", True), "俄罗斯的军事硬件": ("russian military hardware", True),
    "俄罗斯的科学人才": ("russian scientific talent", True), "俄罗斯自然资源": ("russian natural resources", True),
    "俄罗斯领导人": ("russian leader", True), "军事工业": ("military industry", True),
    "前所未有的水平": ("unprecedented levels", True), "向上管理": ("manage upward", True),
    "新的交易": ("new deals", True), "方便的朋友": ("convenient friend", True), "潜在买家": ("potential buyers", True),
    "潜在的卖家": ("potential sellers", True), "真正的行动": ("real action", True),
    "研究设施": ("research facilities", True), "私下谈判": ("private negotiations", True),
    "科学研究所": ("science institutes", True), "自然资源禀赋": ("natural resources", False),
    "虚假的安全感": ("false sense of security", True), "重要的合作伙伴": ("important partner", True),
    "意识形态相似性": ("ideology similarities", True), "重要国家": ("important countries", True),
    "未来的俄罗斯": ("future russian", False), "表示外交": ("showed diplomatic", False),
    "俄罗斯的先进武器": ("advanced russian weapons", True), "对手法案": ("countering america", False),
    "无关紧要的备忘录": ("insignificant memorandums", True), "独特的资产": ("unique assets", True),
    "谈话要点": ("talking points", True),
    "美国威胁": ("us threatened", False), "中国利用莫斯科": ("china exploited moscow", False),
}
# 国防合作 is translated two ways in one seed; both are right.
JUDGED_EXTRA = {("国防合作", "cooperation for defense"): True, ("国防合作", "defense cooperation"): True}


@pytest.fixture(scope="module")
def seeds_mined(seed_files: list[Path]) -> dict[str, list]:
    g = load()
    out = {}
    for p in seed_files:
        doc = analyse(parse_file(p))
        pairs = [(s.zh, s.en) for u in doc.units for s in u.sentences if s.zh and s.en]
        out[p.name[:3]] = [m for m in mine(pairs, g) if m.evidence != {"glossary"}]
    return out


def test_hand_marked_terms_are_found(seeds_mined: dict[str, list]) -> None:
    for seed, zh, en in MUST:
        assert any(m.zh == zh and m.en == en_key(en) for m in seeds_mined[seed]), (seed, zh, en)


def test_every_shown_pair_is_judged_and_precision_holds(seeds_mined: dict[str, list]) -> None:
    right = wrong = 0
    for seed, mined in seeds_mined.items():
        if seed == "002":
            continue  # the long seed is not judged pair by pair (MUST covers it)
        for m in mined:
            key = (m.zh, m.en)
            extra = {(z, en_key(e)): v for (z, e), v in JUDGED_EXTRA.items()}
            if key in extra:
                ok = extra[key]
            else:
                assert m.zh in JUDGED and en_key(JUDGED[m.zh][0]) == m.en, f"unjudged pair {key} in seed {seed}: judge it by hand"
                ok = JUDGED[m.zh][1]
            right += ok
            wrong += not ok
    assert right + wrong >= 40
    print(f"seeds 000, 001, 003, 004: {right} right, {wrong} wrong, precision {right / (right + wrong):.3f}")
    assert right / (right + wrong) >= 0.9, (right, wrong)


def test_brics_is_never_economic(seeds_mined: dict[str, list]) -> None:
    assert not any(m.zh.startswith("金砖") and "econom" in m.en for ms in seeds_mined.values() for m in ms)
