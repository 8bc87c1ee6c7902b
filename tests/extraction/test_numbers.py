"""Tests for ingest.extraction.numbers (sentences written for the tests)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extraction.normalise import normalise
from ingest.extraction.numbers import NumberMention, find_numbers, parse_number


def nums(sentence: str) -> list[tuple[str, int | None]]:
    text = normalise(sentence).text
    return [(text[m.start:m.end], m.value) for m in find_numbers(text)]


def values(sentence: str) -> list[int | None]:
    return [m.value for m in find_numbers(normalise(sentence).text)]


def first(sentence: str) -> NumberMention:
    found = find_numbers(normalise(sentence).text)
    assert found, sentence
    return found[0]


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("7", 7),
        ("٧", 7),
        ("1,200", 1200),
        ("1.200", 1200),
        ("واحد", 1),
        ("واحدة", 1),
        ("اثنان", 2),
        ("اثنين", 2),
        ("اثنتين", 2),
        ("ثلاثة", 3),
        ("ثلاث", 3),
        ("ثمانية", 8),
        ("عشرة", 10),
        ("عشر", 10),
        ("أحد عشر", 11),
        ("إحدى عشرة", 11),
        ("اثنا عشر", 12),
        ("ثلاثة عشر", 13),
        ("خمس عشرة", 15),
        ("عشرون", 20),
        ("عشرين", 20),
        ("تسعون", 90),
        ("خمسة وعشرين", 25),
        ("ثلاث وثلاثون", 33),
        ("مئة", 100),
        ("مائة", 100),
        ("مئتين", 200),
        ("ثلاثمئة", 300),
        ("خمسمائة", 500),
        ("ثلاث مئة وخمسين", 350),
        ("مئة وخمسون", 150),
        ("ألف", 1000),
        ("ألفين", 2000),
        ("ثلاثة آلاف", 3000),
        ("ألف ومئتين", 1200),
        ("3 آلاف", 3000),
        ("عشرين ألفاً", 20000),
        ("عنصرين", 2),
        ("شخصين", 2),
        ("عشرات", None),
        ("عدد من", None),
        ("twelve", 12),
        ("twenty-five", 25),
        ("two hundred", 200),
        ("dozens", None),
    ],
)
def test_parse_number(phrase: str, value: int | None) -> None:
    assert parse_number(normalise(phrase).text) == value


def test_parse_number_rejects_non_numbers() -> None:
    assert parse_number("قرية") is None
    assert parse_number("") is None


def test_digits_with_counted_noun() -> None:
    m = first("ضبطت الدورية 14 مسلحاً قرب الحاجز")
    assert (m.value, m.noun, m.at_least) == (14, "مسلحا", False)


def test_noun_after_min() -> None:
    m = first("قضى 6 من مقاتلي التنظيم")
    assert m.value == 6
    assert m.noun == "مقاتلي"


def test_number_words_masculine_and_feminine() -> None:
    assert values("وصلت أربعة عناصر وخمس نساء") == [4, 5]


def test_compound_with_waw_prefix() -> None:
    assert nums("نقل تسعة وثلاثون معتقلا") == [("تسعه وثلاثون", 39)]


def test_units_joined_by_waw_do_not_add_up() -> None:
    # "three and four" are two numbers, not 7 or 34
    assert values("خرج ثلاثة وأربعة") == [3, 4]


def test_dual_nouns_are_two() -> None:
    assert nums("أوقفت الدورية عنصرين قرب السوق") == [("عنصرين", 2)]
    assert values("نقل شخصان إلى المشفى") == [2]
    assert values("فقدت الوحدة جنديين") == [2]


def test_dual_with_pronoun_suffix() -> None:
    assert values("أطلقوا النار على عنصرينا في الحي") == [2]
    assert values("خسرت الكتيبة عنصريها") == [2]


def test_sound_plural_is_not_dual() -> None:
    # "-ين" is also the sound plural: "مقاتلين" alone is an unknown number
    assert nums("هاجم مقاتلين من الفصيل القرية") == []
    assert nums("شارك مدنيين في التظاهرة") == []


def test_ambiguous_dual_with_dual_verb() -> None:
    assert values("غير أن مسلحين من العشيرة كانا يراقبان الطريق") == [2]
    assert values("ذكر أن مقاتلين اثنين أصيبا") == [2]


def test_definite_dual_is_not_a_new_count() -> None:
    assert nums("والموقوفان نقلا إلى السجن") == []


def test_nisba_adjective_is_not_a_dual() -> None:
    assert nums("عقد لقاء بصفة شخصية") == []
    assert nums("ندد بالممارسات العنصرية") == []


def test_fixed_wing_is_not_people_but_still_no_person_dual() -> None:
    # "الجناحين" (wings) is not in the person lexicon
    assert nums("طائرات ثابتة الجناحين") == []


def test_one_of() -> None:
    m = first("قتل أحد قياديي الخلية")
    assert (m.value, m.noun) == (1, "قياديي")
    assert values("أصيبت إحدى النساء") == [1]


def test_nobody_is_not_one() -> None:
    assert nums("لم يصب أحد بأذى") == []


def test_head_and_n_others() -> None:
    m = first('اعتقلت القوة "الوالي" (مسؤول المنطقة) وثلاثة عناصر آخرين')
    assert m.value == 4
    assert values("قتل المسؤول وأربعة آخرون") == [5]


def test_n_others_after_a_number_is_not_plus_one() -> None:
    assert values("مقتل 3 أشخاص وأربعة آخرين") == [3, 4]
    assert values("أسفر عن مقتل 3 وإصابة 5 آخرين") == [3, 5]


def test_noun_plus_wahid() -> None:
    assert nums("نجا شخص واحد فقط") == [("شخص واحد", 1)]


@pytest.mark.parametrize(
    "sentence",
    [
        "قتل 7 على الأقل",
        "قتل 7 أشخاص على الأقل",
        "قتل ما لا يقل عن 7 أشخاص",
        "قتل أكثر من 7 أشخاص",
        "قتل ما يزيد عن 7 أشخاص",
        "at least 7 were killed",
        "more than 7 people",
    ],
)
def test_at_least(sentence: str) -> None:
    m = first(sentence)
    assert m.value == 7
    assert m.at_least


def test_approximate_is_not_at_least() -> None:
    m = first("نزح نحو 40 عائلة")
    assert m.value == 40
    assert not m.at_least


@pytest.mark.parametrize(
    "sentence",
    ["اعتقل عشرات المطلوبين", "اعتقل عدد من المطلوبين", "اعتقل عددا كبيرا من المطلوبين",
     "اعتقل العديد من المطلوبين", "اعتقل مئات الأشخاص", "dozens of people", "several people",
     "a number of suspects", "عدة عناصر"],
)
def test_vague_quantities_have_no_value(sentence: str) -> None:
    found = find_numbers(normalise(sentence).text)
    assert len(found) == 1
    assert found[0].value is None


def test_bada_is_not_vague() -> None:
    assert nums("وصل بعده الوفد") == []


@pytest.mark.parametrize(
    "sentence",
    ["في 15 تشرين الأول 2023", "يوم 3 آذار", "بتاريخ 15/10/2023", "عام 2019", "في الـ 28 من آذار",
     "الساعة 10:30", "on August 10", "Aug. 10, 2021", "in March 2019", "منذ 2014"],
)
def test_dates_are_not_quantities(sentence: str) -> None:
    assert nums(sentence) == []


def test_number_next_to_a_date_is_kept() -> None:
    assert values("في 15 تشرين الأول 2023 قتل 3") == [3]


def test_definite_number_is_a_back_reference() -> None:
    assert nums("والمعتقلون الثلاثة من أبناء القرية") == []


def test_english_numbers() -> None:
    assert values("two were killed and five wounded") == [2, 5]
    m = first("killing 5 militants")
    assert (m.value, m.noun) == (5, "militants")


def test_spans_point_at_the_number() -> None:
    text = normalise("اعتقلت القوات ثلاثة عشر مطلوبا").text
    (m,) = find_numbers(text)
    assert text[m.start:m.end] == "ثلاثه عشر"
    assert m.value == 13


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_spans_in_bounds(text: str) -> None:
    for m in find_numbers(text):
        assert 0 <= m.start <= m.end <= len(text)
    parse_number(text)


_ARABIC_BITS = st.sampled_from(
    ["قتل", "3", "عنصرين", "وأربعة", "آخرين", "أحد", "عشر", "ألف", "و", " ", ",", ".", "عدد من", "الـ",
     "على الأقل", "ما لا يقل عن", "15/10/2023", "آذار", "مقاتلين", "كانا", "١٢", "1,200"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ARABIC_BITS, max_size=30).map(" ".join))
def test_arabic_soup_never_raises(text: str) -> None:
    text = normalise(text).text
    for m in find_numbers(text):
        assert 0 <= m.start < m.end <= len(text)
