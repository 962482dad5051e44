"""The transliteration model learned from CC-CEDICT's foreign names (lang/translit.py)."""

from __future__ import annotations

import pytest

from duizhao.lang import translit

# (Chinese name, English key, a plausible rendering): the learned table, not a list of answers
PLAUSIBLE = [
    ("卡杜纳", "kaduna", True),
    ("莫利塞", "molise", True),
    ("斯瓦希里", "swahili", True),
    ("卡杜纳", "kaduta", False),
    ("卡杜纳", "lagos", False),
    ("莫利塞", "tipperary", False),
]

# (Chinese name, English key, the one-letter respelling that is far likelier, or None)
NEAR = [
    ("卡杜纳", "kaduta", "kaduna"),
    ("莫利塞", "molite", "molise"),
    ("卡杜纳", "kaduna", None),
    ("卡杜纳", "tipperary", None),
]


@pytest.mark.parametrize(("name", "key", "plausible"), PLAUSIBLE)
def test_likelihood_tells_a_rendering_from_another_name(name: str, key: str, plausible: bool) -> None:
    assert (translit.likelihood(name, key) >= -2.0) is plausible


@pytest.mark.parametrize(("name", "key", "better"), NEAR)
def test_near_miss_names_the_likelier_spelling(name: str, key: str, better: str | None) -> None:
    assert translit.near_miss(name, key, -2.0, 9.0) == better


def test_training_aligns_characters_to_letters() -> None:
    pairs = [("斯瓦", "swa"), ("瓦斯", "was"), ("斯里", "sli"), ("里瓦", "liwa"), ("瓦里", "wali")]
    model = translit.train(pairs, {})
    best = {c: max(t, key=t.__getitem__) for c, t in model.by_char.items()}
    assert best == {"斯": "s", "瓦": "wa", "里": "li"}


def test_characters_are_told_foreign_by_their_share() -> None:
    assert translit.foreign_share("斯") > 0.75 > translit.foreign_share("京")
