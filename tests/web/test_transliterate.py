import pytest

from events.transliterate import has_arabic, transliterate


@pytest.mark.parametrize(
    "arabic,latin",
    [
        ("ذيبان", "Dhiban"),
        ("دير الزور", "Dir al-Zur"),
        ("الرقّة", "Al-Raqqa"),
        ("أبو كمال", "Abu Kamal"),
        ("بغداد", "Baghdad"),
        ("هجين", "Hajin"),
        ("قوات سوريا الديمقراطية", "Qawat Suriya al-Dimqratiya"),
        ("صلاح الدين", "Salah al-Din"),
        ("الشعيطات", "Al-Sha'itat"),
        ("بلدة ١٢", "Balda 12"),
        ("أبو محمد", "Abu Muhammad"),
        ("مخيم الهول", "Mukhayyam al-Hol"),
        ("ريف حلب", "Rif Halab"),
        ("الموصل", "Al-Mawsil"),
    ],
)
def test_transliterate(arabic: str, latin: str) -> None:
    assert transliterate(arabic) == latin


def test_diacritics_and_tatweel_are_ignored() -> None:
    assert transliterate("ذِيبَـان") == "Dhiban"


def test_non_arabic_passes_through() -> None:
    assert transliterate("Raqqa <b>") == "Raqqa <b>"
    assert transliterate("") == "" and transliterate(None) == ""
    assert not has_arabic("Raqqa") and has_arabic("الرقة")
