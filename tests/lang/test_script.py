from __future__ import annotations

from duizhao.lang.script import HANS, HANT, detect_script, to_simplified, to_traditional


def test_detect_script() -> None:
    assert detect_script("當中國派遣外交官前往烏克蘭") == HANT
    assert detect_script("习近平对俄罗斯进行国事访问") == HANS
    assert detect_script("Only English here") is None


def test_conversion_with_taiwan_phrases() -> None:
    assert to_traditional("软件") == "軟件"
    assert to_traditional("软件", taiwan_phrases=True) == "軟體"
    assert to_simplified("軟體", taiwan_phrases=True) == "软件"
    assert to_simplified("習近平") == "习近平"


def test_hant_region() -> None:
    from duizhao.lang.script import conversion_for, hant_region

    assert hant_region("因為軟體的峰會，他說。") == "TW"
    assert hant_region("因為軟件的峯會，他説。") == "HK"
    assert hant_region("因爲軟件的峯會，他說。") is None  # OpenCC's own standard
    assert hant_region("因为软件的峰会") is None  # simplified
    assert conversion_for("TW", HANT) == "s2twp" and conversion_for("TW", HANS) == "tw2sp"
    assert conversion_for(None, HANT) == "s2t"
