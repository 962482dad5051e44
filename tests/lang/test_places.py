"""The world's places with their Chinese names from CLDR and ISO 3166 (lang/places.py)."""

from __future__ import annotations

from duizhao.lang.places import names


def test_both_lists_in_both_scripts_with_plain_letters() -> None:
    n = names()
    assert "American Samoa" in n["美属萨摩亚"]  # a CLDR territory
    assert "Daugavpils" in n["陶格夫皮尔斯"] and n["陶格夫皮爾斯"] == n["陶格夫皮尔斯"]  # an ISO 3166-2 city
    assert n["河北"] == ("Hebei",)  # not "Hebei Sheng", as ISO writes it
    assert all(f.isascii() for forms in n.values() for f in forms)
