from __future__ import annotations

from duizhao.check.names import check_names


def test_variants_match_across_languages_and_scripts() -> None:
    assert check_names("u", "普丁與習近平在上合組織峰會會晤", "Putin and Xi met at the SCO summit") == []
    assert check_names("u", "澤倫斯基表示", "Zelenskyy said") == []
    assert check_names("u", "北约东扩", "NATO's eastward expansion") == []


def test_a_different_name_in_its_place_is_an_error() -> None:
    (f,) = check_names("u", "习近平表示", "Putin said")
    assert f.severity == "error" and f.kind == "entity"
    assert f.detail == "zh 习近平 (Xi Jinping) ≠ en Putin (Vladimir Putin)"


def test_a_name_on_one_side_only_is_a_warning() -> None:
    (f,) = check_names("u", "拉赫蒙总统表示欢迎", "The president welcomed it")
    assert f.severity == "warning" and "Rahmon" in f.detail


def test_demonyms_and_abbreviations_explain_a_missing_country() -> None:
    assert check_names("u", "中俄关系", "Sino-Russian relations") == []
    assert check_names("u", "俄罗斯的立场", "the Russian position") == []


def _errors(zh: str, en: str) -> list[str]:
    from duizhao.check import check_pair

    return [f.detail for f in check_pair("u", zh, en) if f.severity == "error"]


def test_a_foreign_name_the_dictionary_lacks_is_not_read_as_pinyin() -> None:
    # 杜阿拉 is not in CC-CEDICT; its characters are a transliteration's, so "Du Ala" is no yardstick
    assert _errors("代表团访问了杜阿拉。", "The delegation visited Douala.") == []


def test_a_changed_vowel_in_a_listed_foreign_name_is_an_error() -> None:
    (d,) = _errors("这家公司计划在新加坡开设办事处。", "The company plans to open an office in Songapore.")
    assert "Singapore" in d and "Songapore" in d
    # one vowel more or less is a spelling of the same name (Sumatra / Sumatera), not a slip
    assert _errors("他们去了苏门答腊。", "They went to Sumatera.") == []


def test_a_name_the_segmenter_cuts_is_found_in_the_dictionary() -> None:
    (d,) = _errors("这家公司计划在马约特开设一个新的办事处。", "The company plans to open a new office in Masotte.")
    assert "Mayotte" in d


def test_another_known_place_in_the_name_s_place_is_an_error() -> None:
    (d,) = _errors("代表团访问了百慕大，并举行了会谈。", "The delegation visited Nassau and held talks.")
    assert "Bermuda" in d and "Nassau" in d and "another name in its place" in d
    # a word the dictionary also has as a common word (a month) names no place
    assert _errors("代表团八月访问了百慕大。", "The delegation visited in August.") == []
    # two transliterations of one name share characters (塔瓦斯科 / 塔巴斯科: Tabasco)
    assert _errors("代表团访问了塔巴斯科。", "The delegation visited Tabasco.") == []


def test_an_acronym_is_misspelt_only_in_capitals() -> None:
    assert _errors("东南亚国家联盟的成员", "the Asian members") == []


def test_a_name_no_list_knows_in_a_listed_place_s_place_is_an_error() -> None:
    # Zorbania is in no dictionary, and 比利时's English never starts with a Z
    (d,) = _errors("代表团访问了比利时，并举行了会谈。", "The delegation visited Zorbania and held talks.")
    assert "比利时" in d and "Zorbania" in d and "another name in its place" in d
    # a name that may be a rendering of it (B, P: 比 is Pisa's first character too) is not said to be wrong
    assert _errors("代表团访问了比利时，并举行了会谈。", "The delegation visited Pavonia and held talks.") == []


def test_what_explains_an_unknown_english_name_keeps_it_from_being_a_swap() -> None:
    # written in the Chinese's own pinyin
    assert _errors("比利时选手张彬彬获胜。", "The Belgian Zhang Binbin won.") == []
    assert _errors("比利时选手张彬彬获胜。", "The player Zhang Binbin won.") == []
    # English words only
    assert _errors("比利时的手机卖得很好。", "In the country the Phone sold well.") == []
    # the dictionary's entry for the name names it (海参崴: the Chinese name for Vladivostok)
    assert _errors("代表团访问了海参崴，并举行了会谈。", "The delegation visited Vladivostok and held talks.") == []
    # a name the segmenter cut into pieces (圣 / 路易 / 斯): 路易 is no name of its own there
    assert _errors("来自圣路易斯的学生参加了会议。", "Students from San Luis attended the meeting.") == []


def _warnings(zh: str, en: str) -> list[str]:
    from duizhao.check import check_pair

    return [f.detail for f in check_pair("u", zh, en) if f.severity == "warning" and f.kind == "entity"]


def test_a_transliteration_no_list_knows_swapped_for_another_name_is_a_warning() -> None:
    # 尼亚萨兰 (Nyasaland) is in no list: its characters are a transliteration's, and 尼 is never K; no
    # list confirms it is a name, so a human should look (a warning), no more
    z = "代表团访问了尼亚萨兰，并举行了会谈。"
    assert _errors(z, "The delegation visited Kamsberg and held talks.") == []
    assert _warnings(z, "The delegation visited Kamsberg and held talks.") == [
        "zh 尼亚萨兰 ≠ en Kamsberg: perhaps another name in its place"
    ]
    assert _warnings(z, "The delegation visited Nyasaland and held talks.") == []
    # a digraph's sound: Dj is 杰's j
    assert _errors("来自杰勒法的学生参加了会议。", "Students from Djelfa attended the meeting.") == []


def test_a_place_from_the_world_lists_is_checked_like_a_dictionary_name() -> None:
    # 陶格夫皮尔斯 is in neither the glossary nor CC-CEDICT: ISO 3166-2 lists it as Daugavpils
    z = "代表团访问了陶格夫皮尔斯，并举行了会谈。"
    assert _errors(z, "The delegation visited Daugavpils and held talks.") == []
    (d,) = _errors(z, "The delegation visited Daugavpiks and held talks.")
    assert "Daugavpils" in d and "spelled differently" in d
    (d,) = _errors(z, "The delegation visited Brazzaville and held talks.")
    assert "Brazzaville" in d and "another name in its place" in d


def test_a_foreign_name_the_segmenter_cut_is_read_whole() -> None:
    # 杜拉姆巴 (no list has it) is cut as 杜 / 拉姆 / 巴: the pieces make one transliteration
    z = "代表团访问了杜拉姆巴，并举行了会谈。"
    assert _warnings(z, "The delegation visited Kamsberg and held talks.") == [
        "zh 杜拉姆巴 ≠ en Kamsberg: perhaps another name in its place"
    ]
    assert _warnings(z, "The delegation visited Dulamba and held talks.") == []
    # a name the Chinese writes in Latin letters too is explained
    assert _warnings("代表团访问了杜拉姆巴，会见了Kamsberg。", "The delegation met Kamsberg.") == []


def test_a_syllable_slip_where_the_dictionary_also_writes_the_pinyin() -> None:
    # CC-CEDICT gives 厦门 as Xiamen and Amoy: both are fine, a changed syllable is not
    assert _errors("他来自厦门。", "He comes from Amoy.") == _errors("他来自厦门。", "He comes from Xiamen.") == []
    (d,) = _errors("他来自厦门。", "He comes from Xianmen.")
    assert "Xiamen" in d and "Xianmen" in d
    # Zhushan County beside Chushan Town
    (d,) = _errors("每年有10万人来到竹山。", "Each year 100,000 people come to Zhushou.")
    assert "Zhushan" in d and "Zhushou" in d


def test_a_slip_in_a_syllable_with_no_initial() -> None:
    (d,) = _errors("安平运河物流服务中心", "the Oping Canal Logistics Service Center")
    assert "Anping" in d or "An Ping" in d
