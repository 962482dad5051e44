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
