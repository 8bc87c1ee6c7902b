"""Tests for ingest.extraction.dates (sentences written for the tests)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extraction.dates import DateMention, find_dates
from ingest.extraction.normalise import normalise

D = datetime.date
PUB = D(2024, 3, 14)  # a Thursday


def dates(
    sentence: str, published: datetime.date | None = PUB
) -> list[tuple[datetime.date | None, str | None]]:
    return [(m.date, m.precision) for m in find_dates(normalise(sentence).text, published)]


def one(sentence: str, published: datetime.date | None = PUB) -> DateMention:
    found = find_dates(normalise(sentence).text, published)
    assert len(found) == 1, (sentence, found)
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("داهمت القوات المنزل اليوم", D(2024, 3, 14)),
        ("داهمت القوات المنزل فجر اليوم", D(2024, 3, 14)),
        ("هاجم مسلحون الحاجز أمس", D(2024, 3, 13)),
        ("هاجم مسلحون الحاجز مساء أمس", D(2024, 3, 13)),
        ("هاجم مسلحون الحاجز ليلة أمس", D(2024, 3, 13)),
        ("هاجم مسلحون الحاجز بالأمس", D(2024, 3, 13)),
        ("وقع الانفجار أول من أمس", D(2024, 3, 12)),
        ("وقع الانفجار أول أمس", D(2024, 3, 12)),
        ("وقع الانفجار قبل يومين", D(2024, 3, 12)),
        ("وقع الانفجار قبل 4 أيام", D(2024, 3, 10)),
        ("وقع الانفجار قبل ثلاثة أيام", D(2024, 3, 11)),
        ("yesterday gunmen attacked", D(2024, 3, 13)),
        ("two days ago", D(2024, 3, 12)),
    ],
)
def test_relative_days(sentence: str, expected: datetime.date) -> None:
    m = one(sentence)
    assert (m.date, m.precision, m.relative) == (expected, "day", True)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("اعتقل يوم الأحد", D(2024, 3, 10)),
        ("اعتقل الأحد", D(2024, 3, 10)),
        ("اعتقل يوم الخميس", D(2024, 3, 14)),  # publication day itself
        ("اعتقل الخميس الماضي", D(2024, 3, 7)),  # "last Thursday" is a week back
        ("اعتقل الجمعة الماضية", D(2024, 3, 8)),
        ("أعلنت القيادة، الاثنين، عن العملية", D(2024, 3, 11)),
        ("صباح السبت", D(2024, 3, 9)),
        ("on Tuesday", D(2024, 3, 12)),
        ("last Thursday", D(2024, 3, 7)),
    ],
)
def test_weekdays(sentence: str, expected: datetime.date) -> None:
    m = one(sentence)
    assert (m.date, m.precision, m.relative) == (expected, "day", True)


def test_ithnayn_as_number_is_not_monday() -> None:
    assert dates("أفرج عن المعتقلين الاثنين") == []


def test_today_with_weekday_and_explicit_date() -> None:
    m = one("نفذت القوات فجر اليوم الأحد 10 آذار عملية")
    assert (m.date, m.precision) == (D(2024, 3, 10), "day")


def test_yesterday_with_weekday_in_brackets() -> None:
    m = one("قتل عنصران أول من أمس (الثلاثاء)")
    assert m.date == D(2024, 3, 12)


def test_weekday_then_explicit_date_merge() -> None:
    m = one("الثلاثاء 5 آذار 2024")
    assert (m.date, m.relative) == (D(2024, 3, 5), False)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("في 15 تشرين الأول 2023", D(2023, 10, 15)),
        ("في 15 أكتوبر 2023", D(2023, 10, 15)),
        ("في 15 تشرين الأول/أكتوبر 2023", D(2023, 10, 15)),
        ("في 15 أكتوبر/ تشرين الأول 2023", D(2023, 10, 15)),
        ("في 2 كانون الثاني (يناير) 2022", D(2022, 1, 2)),
        ("بتاريخ 15/10/2023", D(2023, 10, 15)),
        ("بتاريخ 15-10-2023", D(2023, 10, 15)),
        ("بتاريخ 2023-10-15", D(2023, 10, 15)),
        ("في 3 شباط عام 2021", D(2021, 2, 3)),
        ("في 9 حزيران 2020", D(2020, 6, 9)),
        ("في 1 إبريل 2019", D(2019, 4, 1)),
        ("في 30 يونيو 2019", D(2019, 6, 30)),
        ("في 7 آب 2018", D(2018, 8, 7)),
        ("في 21 جويلية 2017", D(2017, 7, 21)),
        ("Aug. 10, 2021", D(2021, 8, 10)),
        ("on August 10, 2021", D(2021, 8, 10)),
        ("10 August 2021", D(2021, 8, 10)),
    ],
)
def test_explicit_dates(sentence: str, expected: datetime.date) -> None:
    m = one(sentence)
    assert (m.date, m.precision, m.relative) == (expected, "day", False)
    # explicit full dates need no publication date
    assert one(sentence, None).date == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("في 2 آذار", D(2024, 3, 2)),
        ("في 20 آذار", D(2023, 3, 20)),  # after publication -> last year
        ("في 14 آذار الحالي", D(2024, 3, 14)),
        ("في 10 آذار الجاري", D(2024, 3, 10)),
        ("في 28 شباط الماضي", D(2024, 2, 28)),
        ("في الـ 28 من كانون الثاني/يناير المنصرم", D(2024, 1, 28)),
        ("في 5 من الشهر الجاري", D(2024, 3, 5)),
        ("في 25 ديسمبر", D(2023, 12, 25)),
        ("on August 10", D(2023, 8, 10)),
        ("و12 آذار", D(2024, 3, 12)),
        ("في السابع من آذار", D(2024, 3, 7)),
        ("في الحادي عشر من شباط الماضي", D(2024, 2, 11)),
        ("في الثاني والعشرين من كانون الثاني", D(2024, 1, 22)),
        ("في العاشر من الشهر الجاري", D(2024, 3, 10)),
    ],
)
def test_day_month_without_year(sentence: str, expected: datetime.date) -> None:
    m = one(sentence)
    assert (m.date, m.precision, m.relative) == (expected, "day", True)


def test_day_month_without_year_or_publication() -> None:
    m = one("في 14 نيسان الحالي", None)
    assert (m.date, m.precision) == (None, None)


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("خلال الأسبوع الماضي", D(2024, 3, 7), "week"),
        ("قبل أيام", D(2024, 3, 11), "week"),
        ("الشهر الماضي", D(2024, 2, 1), "month"),
        ("الشهر الجاري", D(2024, 3, 1), "month"),
        ("بداية الشهر الحالي", D(2024, 3, 1), "month"),
        ("مطلع الشهر الحالي", D(2024, 3, 1), "month"),
        ("منتصف الشهر الماضي", D(2024, 2, 15), "week"),
        ("العام الماضي", D(2023, 1, 1), "year"),
        ("هذا العام", D(2024, 1, 1), "year"),
        ("مطلع العام الجاري", D(2024, 1, 1), "month"),
        ("في آذار 2019", D(2019, 3, 1), "month"),
        ("في شهر تموز", D(2023, 7, 1), "month"),
        ("in early August", D(2023, 8, 1), "month"),
        ("last month", D(2024, 2, 1), "month"),
        ("last week", D(2024, 3, 7), "week"),
        ("خلال الأيام الماضية", D(2024, 3, 11), "week"),
        ("في الساعات الأخيرة", D(2024, 3, 14), "day"),
        ("عام 2019", D(2019, 1, 1), "year"),
    ],
)
def test_coarse_periods(sentence: str, expected: datetime.date, precision: str) -> None:
    m = one(sentence)
    assert (m.date, m.precision) == (expected, precision)


@pytest.mark.parametrize(
    "sentence",
    ["ليس كالأمس", "في اليوم التالي", "منذ ذلك اليوم", "في اليوم الأول من الحملة", "مارس الضغط على الفصائل",
     "قال أب الضحية", "نشرت اليومية مقالا", "you may leave"],
)
def test_not_dates(sentence: str) -> None:
    assert [m for m in find_dates(normalise(sentence).text, PUB) if m.precision == "day"] == []


def test_no_publication_date() -> None:
    for sentence in ("أمس", "يوم الأحد", "قبل يومين", "الشهر الماضي"):
        m = one(sentence, None)
        assert (m.date, m.precision, m.relative) == (None, None, True)


def test_several_dates_in_text_order() -> None:
    text = normalise("نفذت الغارات بين 27 كانون الأول/ ديسمبر 2023 و2 شباط/ فبراير الجاري").text
    found = find_dates(text, PUB)
    assert [m.date for m in found] == [D(2023, 12, 27), D(2024, 2, 2)]
    assert [text[m.start:m.end] for m in found][0] == "27 كانون الاول/ ديسمبر 2023"


def test_invalid_calendar_date_is_skipped() -> None:
    assert [p for _, p in dates("في 31 شباط 2023")] == ["month"]


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.dates(min_value=D(1990, 1, 1), max_value=D(2099, 12, 31))))
def test_never_raises_and_spans_in_bounds(text: str, published: datetime.date | None) -> None:
    for m in find_dates(text, published):
        assert 0 <= m.start <= m.end <= len(text)
        assert m.precision in (None, "day", "week", "month", "year")
        assert (m.date is None) == (m.precision is None)


_BITS = st.sampled_from(
    ["أمس", "اليوم", "أول من أمس", "الأحد", "الاثنين", "15", "تشرين الأول", "2023", "/", "آذار", "الماضي",
     "الجاري", "قبل", "أيام", "يومين", "الشهر", "العام", "بداية", "منتصف", "(", ")", ",", "31", "شباط",
     "15/10/2023", "last", "week", "on", "tuesday", "aug.", "10"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_BITS, max_size=25).map(" ".join),
       st.one_of(st.none(), st.dates(min_value=D(1990, 1, 1), max_value=D(2099, 12, 31))))
def test_date_soup_never_raises(text: str, published: datetime.date | None) -> None:
    text = normalise(text).text
    for m in find_dates(text, published):
        assert 0 <= m.start < m.end <= len(text)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("والأحد الفائت أصيب قيادي بانفجار عبوة", D(2024, 3, 10)),
        ("والخميس، قتل عنصران بهجوم", D(2024, 3, 14)),
        ("وقبل 5 أيام قتل جنديان", D(2024, 3, 9)),
        ("وقبل /5/ أيام قتل جنديان", D(2024, 3, 9)),  # numbers fenced with slashes
    ],
)
def test_clitic_weekdays_and_ago(sentence: str, expected: datetime.date) -> None:
    assert one(sentence).date == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("هاجم مسلحون الحاجز ليل الأربعاء – الخميس", D(2024, 3, 14)),
        ("في ساعة متأخرة من ليل الأحد/الإثنين هاجم مسلحون الحاجز", D(2024, 3, 11)),
    ],
)
def test_a_night_across_two_days_ends_on_the_later_day(sentence: str, expected: datetime.date) -> None:
    assert one(sentence).date == expected
