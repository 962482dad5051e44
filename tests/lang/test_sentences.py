"""Sentence splitting, as tables: (text, expected sentences)."""
from __future__ import annotations

import pytest

from duizhao.lang.sentences import split, split_en, split_zh

ZH = [
    ("今天天气很好。我们去公园吧！你来吗？", ["今天天气很好。", "我们去公园吧！", "你来吗？"]),
    ("第一条；第二条。", ["第一条；", "第二条。"]),
    # closing quotes and brackets stay with their sentence
    ("他说：“我们走吧。”然后离开了。", ["他说：“我们走吧。”", "然后离开了。"]),
    ("「這是引文。」下一句。", ["「這是引文。」", "下一句。"]),
    ("（这是括号里的话。）后面还有。", ["（这是括号里的话。）", "后面还有。"]),
    # no split inside a quote that continues the sentence
    ("他说：“好。我们走。”大家都同意。", ["他说：“好。我们走。”", "大家都同意。"]),
    ("她问：“为什么？”，大家都笑了。", ["她问：“为什么？”，大家都笑了。"]),
    ("所谓“无上限。”的说法并不准确。", ["所谓“无上限。”的说法并不准确。"]),
    # runs of terminators, ellipses
    ("真的吗？！当然。", ["真的吗？！", "当然。"]),
    ("他犹豫了……最后还是去了。", ["他犹豫了……", "最后还是去了。"]),
    ("苹果、香蕉等等……，都很好吃。", ["苹果、香蕉等等……，都很好吃。"]),
    # decimals, Latin text, line breaks
    ("GDP增长了3.5%。美国U.S.政策没变。", ["GDP增长了3.5%。", "美国U.S.政策没变。"]),
    ("第一行\n第二行。", ["第一行", "第二行。"]),
    ("一个没有句号的标题", ["一个没有句号的标题"]),
    ("半角句号结尾的句子.下一句。", ["半角句号结尾的句子.", "下一句。"]),
    # an opening quote that never closes (a typo) must not swallow the rest
    ("「無上限夥伴關係的限制。第二句。", ["「無上限夥伴關係的限制。", "第二句。"]),
    ("", []),
    ("   \n  ", []),
]

EN = [
    ("The weather is nice. Let's go! Are you coming?", ["The weather is nice.", "Let's go!", "Are you coming?"]),
    ("Dr. Smith arrived. He sat down.", ["Dr. Smith arrived.", "He sat down."]),
    ("Mr. and Mrs. Lee met Prof. Wang at St. Paul's.", ["Mr. and Mrs. Lee met Prof. Wang at St. Paul's."]),
    ("See No. 10 Downing Street. It is famous.", ["See No. 10 Downing Street.", "It is famous."]),
    ("The answer is no. We left.", ["The answer is no.", "We left."]),
    ("It happened on Jan. 5, 2022. Then it ended.", ["It happened on Jan. 5, 2022.", "Then it ended."]),
    ("Growth was 3.5 percent. It slowed.", ["Growth was 3.5 percent.", "It slowed."]),
    ("John F. Kennedy spoke. Crowds cheered.", ["John F. Kennedy spoke.", "Crowds cheered."]),
    ("The U.S. government agreed.", ["The U.S. government agreed."]),
    ("Sanctions came from the U.S. The talks failed.", ["Sanctions came from the U.S.", "The talks failed."]),
    ("He met U.S. Secretary Blinken.", ["He met U.S. Secretary Blinken."]),
    ('He said "Go." Then he left.', ['He said "Go."', "Then he left."]),
    ("“We will miss him.” The team agreed.", ["“We will miss him.”", "The team agreed."]),
    ("He paused... and then went on.", ["He paused... and then went on."]),
    ("He paused... Then he went on.", ["He paused...", "Then he went on."]),
    ("Use tools, e.g. hammers. Fine.", ["Use tools, e.g. hammers.", "Fine."]),
    ("It was 3 p.m. when he came.", ["It was 3 p.m. when he came."]),
    ("Line one\nLine two.", ["Line one", "Line two."]),
    # footnote marks glued to the end of a sentence stay with it
    ("regions of Ukraine.”1 On October 12, it voted.", ["regions of Ukraine.”1", "On October 12, it voted."]),
    ("as reported.[2] Then more.", ["as reported.[2]", "Then more."]),
    ("Version 2.0 The end.", ["Version 2.0 The end."]),
    ("Is it true? yes, it is.", ["Is it true? yes, it is."]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), ZH)
def test_split_zh(text: str, expected: list[str]) -> None:
    assert split_zh(text) == expected


@pytest.mark.parametrize(("text", "expected"), EN)
def test_split_en(text: str, expected: list[str]) -> None:
    assert split_en(text) == expected


def test_split_dispatches_on_language() -> None:
    assert split("一。二。", "zh-Hant") == ["一。", "二。"]
    assert split("One. Two.", "en") == ["One.", "Two."]
    with pytest.raises(ValueError):
        split("x", "fr")


def test_split_loses_no_text() -> None:
    text = "他说：“好。”我们走吧！Dr. Li来了……然后呢？"
    assert "".join(split_zh(text)) == text
    en = "He said \"Go.\" Dr. Li came... Then what? Nothing."
    assert " ".join(split_en(en)) == en
