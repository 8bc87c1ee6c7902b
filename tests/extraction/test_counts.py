"""Tests for ingest.extraction.counts (sentences written for the tests)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extraction.counts import find_counts
from ingest.extraction.normalise import normalise


def counts(sentence: str) -> list[tuple[str, int | None]]:
    text = normalise(sentence).text
    return [(m.kind, m.value) for m in find_counts(text)]


def totals(sentence: str) -> dict[str, int | None]:
    """Sum per kind, None when some mention of that kind is vague."""
    out: dict[str, int | None] = {}
    for kind, value in counts(sentence):
        if value is None or (kind in out and out[kind] is None):
            out[kind] = None
        else:
            out[kind] = out.get(kind, 0) + value
    return out


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("ألقت دورية أمنية القبض على 6 مطلوبين في الحي", {"arrested": 6}),
        ("تمكنت الشرطة من إلقاء القبض على ثلاثة متهمين", {"arrested": 3}),
        ("اعتقلت القوات الخاصة 12 شخصاً في البلدة", {"arrested": 12}),
        ("أعلنت الوحدات اعتقال خمسة عناصر من الخلية", {"arrested": 5}),
        ("أوقفت الدورية شخصين عند الحاجز", {"arrested": 2}),
        ("جرى توقيف 4 مشتبهين", {"arrested": 4}),
        ("تم احتجاز 9 أشخاص للتحقيق", {"arrested": 9}),
        ("the unit arrested 3 suspects", {"arrested": 3}),
        ("police detained two men", {"arrested": 2}),
        ("forces captured four militants", {"arrested": 4}),
        ("they arrested a suspected financier", {"arrested": 1}),
        ("أطاحت مفارز المديرية بـ 3 متهمين", {"arrested": 3}),
        ("قبضت الوحدات خلال الحملة على 40 شخصاً", {"arrested": 40}),
        ("ألقت الشرطة القبض صباح اليوم عليه", {"arrested": 1}),
        ("تمكنت القوة من الإطاحة بإرهابي خطير", {"arrested": 1}),
    ],
)
def test_arrest_cues(sentence: str, expected: dict[str, int]) -> None:
    assert totals(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("أسفر القصف عن مقتل 4 مسلحين", {"killed": 4}),
        ("قتل سبعة عناصر في الهجوم", {"killed": 7}),
        ("لقي ثلاثة أشخاص مصرعهم", {"killed": 3}),
        ("أدى الانفجار إلى مصرع شخصين", {"killed": 2}),
        ("أعلن الجيش تحييد 5 إرهابيين في الوادي", {"killed": 5}),
        ("سقط في الاشتباك 8 قتلى", {"killed": 8}),
        ("استشهاد جنديين بانفجار عبوة", {"killed": 2}),
        ("كما قتل 4 من عناصر الفصيل", {"killed": 4}),
        ("13 عنصرا قتلوا خلال المواجهة", {"killed": 13}),
        ("two soldiers were killed in the blast", {"killed": 2}),
        ("the strike killed 6 fighters", {"killed": 6}),
        ("killing 9 people", {"killed": 9}),
        ("three people died", {"killed": 3}),
        ("مسلحون يقتلون راعياً في البادية", {"killed": 1}),
    ],
)
def test_killed_cues(sentence: str, expected: dict[str, int]) -> None:
    assert totals(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("أدى الهجوم إلى إصابة 6 مدنيين", {"injured": 6}),
        ("أصيب ثلاثة جنود بجروح", {"injured": 3}),
        ("وجرح اثنان من المارة", {"injured": 2}),
        ("خلف الهجوم 4 جرحى", {"injured": 4}),
        ("five people were wounded", {"injured": 5}),
        ("injuring 11 civilians", {"injured": 11}),
    ],
)
def test_injured_cues(sentence: str, expected: dict[str, int]) -> None:
    assert totals(sentence) == expected


def test_killed_and_injured_in_one_clause() -> None:
    assert counts("أسفر التفجير عن مقتل 3 وإصابة 5 آخرين") == [("killed", 3), ("injured", 5)]
    assert counts("قتل أربعة عناصر وجرح اثنان") == [("killed", 4), ("injured", 2)]
    assert counts("خلف الانفجار 3 قتلى و7 جرحى") == [("killed", 3), ("injured", 7)]


def test_singular_indefinite_object_is_one() -> None:
    assert totals("داهمت القوة المنزل وقتلوا قيادياً في التنظيم") == {"killed": 1}
    assert totals("اعتقال قيادي في الخلية") == {"arrested": 1}
    assert totals("اغتال مسلحون مجهولون، مساء الخميس، موظفاً في البلدية") == {"killed": 1}
    assert totals("أسفر الحادث عن مقتل طفل") == {"killed": 1}


def test_named_or_definite_single_person_is_one() -> None:
    assert totals("تم اعتقال المدعو أبو خالد في منزله") == {"arrested": 1}
    assert totals("أعلن الجهاز اعتقال القيادي البارز في التنظيم") == {"arrested": 1}


def test_one_of() -> None:
    assert totals("قتل أحد عناصر الدورية") == {"killed": 1}
    assert totals("ألقت القوات القبض على أحد قياديي الخلية") == {"arrested": 1}


def test_implied_by_pronoun() -> None:
    assert totals("فأردته قتيلاً على الفور") == {"killed": 1}
    assert totals("أطلقوا النار عليه ما أدى إلى مقتله") == {"killed": 1}
    assert totals("استهدف المسلحون الشقيقين ما أدى إلى مقتلهما") == {"killed": 2}
    assert totals("وتمكنت الدورية من القبض عليه") == {"arrested": 1}
    assert totals("لقي حتفه متأثرا بجراحه") == {"killed": 1}


def test_implied_dropped_when_number_given() -> None:
    # the dual noun already says two; "فقدا حياتهما" is the same two people
    assert totals("غير أن مقاتلين من الفصيل تعرضا للقتل وفقدا حياتهما") == {"killed": 2}
    assert totals("قتل 3 أشخاص في الهجوم ولقوا حتفهم على الفور") == {"killed": 3}


def test_head_and_others() -> None:
    assert totals('داهمت القوة الوكر وألقت القبض على "الأمير" (مسؤول الخلية) وثلاثة عناصر آخرين') == {
        "arrested": 4}
    assert totals("أسفر الكمين عن مقتل قائد المجموعة وخمسة آخرين") == {"killed": 6}


def test_coordinated_groups_add_up() -> None:
    assert totals("أسفرت المواجهات عن مقتل 4 من الفصيل و3 من المهاجمين") == {"killed": 7}
    assert totals("مقتل رجل وامرأة بانفجار لغم") == {"killed": 2}
    assert totals("Four guards and two officers were killed") == {"killed": 6}


def test_non_human_others_are_not_people() -> None:
    assert totals("أسفر القصف عن مقتل 5 عناصر وتدمير آلية وثلاث أخرى") == {"killed": 5}


def test_subsets_are_not_added() -> None:
    assert totals("اعتقلت القوات 20 شخصاً بينهم 5 نساء") == {"arrested": 20}
    assert totals("قتل 11 شخصا من بينهم 3 أطفال") == {"killed": 11}
    assert totals("11 people, including nine fighters, were killed") == {"killed": 11}


def test_same_people_mentioned_twice_in_clause() -> None:
    assert totals("اعتقلت الدورية 3 أشخاص وأحالت المعتقلين الثلاثة إلى القضاء") == {"arrested": 3}


def test_vague_counts_have_no_value() -> None:
    assert counts("اعتقلت القوات عشرات المطلوبين") == [("arrested", None)]
    assert counts("أسفر القصف عن مقتل عدد من المسلحين") == [("killed", None)]
    assert counts("arrested dozens of suspects") == [("arrested", None)]


def test_non_person_numbers_are_ignored() -> None:
    assert totals("اعتقال 5 أشخاص في عملية استمرت 3 ساعات") == {"arrested": 5}
    assert totals("قتل خلال 3 أيام 6 مسلحين") == {"killed": 6}
    assert counts("نفذت الطائرات 4 غارات دون وقوع قتلى") == []
    assert counts("قتل شاب يبلغ من العمر 23 عاماً") == [("killed", 1)]


def test_dates_are_not_counts() -> None:
    assert counts("في 2023 قتل قيادي في الهجوم") == [("killed", 1)]
    assert totals("اعتقال 3 مطلوبين في 15 تشرين الأول 2023") == {"arrested": 3}
    assert counts("قتل في 12 آذار الماضي") == []


def test_negation_and_attempts() -> None:
    assert counts("لم يسفر الهجوم عن مقتل أحد") == []
    assert counts("نجا المختار من محاولة اغتيال") == []
    assert counts("دون ورود معلومات عن إصابات") == []
    assert counts("no one was killed") == []
    assert counts("لم تتمكن الدوريات حتى الآن من اعتقال أي منهم") == []
    assert counts("لم يتمكن الجيش حتى اللحظة من القضاء عليه") == []


def test_casualty_nouns_count_themselves() -> None:
    assert totals("سقط قتيلان وثلاثة جرحى") == {"killed": 2, "injured": 3}
    assert totals("خلف الهجوم قتيلا وجريحين") == {"killed": 1, "injured": 2}


def test_bodies_found() -> None:
    assert totals("عثر الأهالي على جثة شاب قرب النهر") == {"killed": 1}
    assert totals("عثر على 3 جثث في البادية") == {"killed": 3}
    assert totals("عثر عليه مقتولاً في منزله") == {"killed": 1}


def test_releases_and_escapes_are_not_arrests() -> None:
    assert counts("أعلنت الإدارة الإفراج عن 20 من المعتقلين") == []
    assert counts("تمكن 4 من الموقوفين من الفرار") == []


def test_negated_cue_still_blocks_other_links() -> None:
    assert counts("قتل 3 مسلحين دون اعتقال أي منهم") == [("killed", 3)]


def test_plural_without_number_is_unknown() -> None:
    # "إرهابيين" may be plural or dual: no count
    assert counts("أعلن الجيش مقتل إرهابيين بقصف جوي") == []


def test_english_abbreviation_dot_is_not_a_sentence_end() -> None:
    assert counts("two U.S. soldiers were killed") == [("killed", 2)]


def test_english_singular_and_another() -> None:
    assert counts("one gunman was killed and another was arrested") == [("killed", 1), ("arrested", 1)]
    assert counts("a civilian was wounded") == [("injured", 1)]


def test_cue_offsets() -> None:
    text = normalise("أعلنت القيادة مقتل 3 مسلحين").text
    (m,) = find_counts(text)
    assert text[m.cue_start:m.cue_end] == "مقتل"
    assert text[m.start:m.end] == "3"


def test_separate_sentences_keep_separate_links() -> None:
    text = normalise("قتل 3 مسلحين. وفي حادث آخر أصيب طفلان.").text
    assert [(m.kind, m.value) for m in find_counts(text)] == [("killed", 3), ("injured", 2)]


def test_long_text_far_apart_cues() -> None:
    filler = " وأضاف المصدر أن الأوضاع في المنطقة ما تزال متوترة" * 20
    text = normalise("اعتقلت القوات 4 مطلوبين." + filler + ". وقتل 2 من المهاجمين.").text
    assert [(m.kind, m.value) for m in find_counts(text)] == [("arrested", 4), ("killed", 2)]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_spans_in_bounds(text: str) -> None:
    for m in find_counts(text):
        assert 0 <= m.start <= m.end <= len(text)
        assert 0 <= m.cue_start <= m.cue_end <= len(text)
        assert m.kind in ("arrested", "killed", "injured")


_BITS = st.sampled_from(
    ["مقتل", "اعتقال", "إصابة", "القبض على", "قتلى", "جرحى", "3", "عنصرين", "وأربعة", "آخرين", "أحد",
     "عناصر", "بينهم", "و", ",", ".", "عدد من", "مقتله", "فقدا حياتهما", "قيادياً", "killed", "two",
     "were", "and", "أردته قتيلا", "لم", "على الأقل", "شخص"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_BITS, max_size=30).map(" ".join))
def test_arabic_soup_never_raises(text: str) -> None:
    text = normalise(text).text
    for m in find_counts(text):
        assert 0 <= m.start <= m.end <= len(text)
        assert m.value is None or m.value >= 0


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("هجوم على قوات الشرطة أودى بحياة شرطي وإصابة اثنين آخرين", {"killed": 1, "injured": 2}),
        ("أعلن الجهاز تصفية أمني قاطع الأنبار واثنين من مرافقيه", {"killed": 3}),
        ("قتل مسؤول الاتصالات في قسد ومرافقه بإطلاق النار عليهما", {"killed": 2}),
        ("أفاد مصدر باستشهاد وإصابة 6 منتسبين بانفجار عبوة", {"injured": None}),
        ("operations resulting in 13 ISIS operatives killed and 21 detained", {"killed": 13, "arrested": 21}),
        ("resulting in the detention of six ISIS operatives", {"arrested": 6}),
        ("gunmen shot dead on Sunday six fighters of the SDF", {"killed": 6}),
        ("the attacker blew himself up", {"killed": 1}),
        ("the Islamic State killed at least 11 truffle hunters on Sunday", {"killed": 11}),
        ("أسفرت عن القبض على المدعو محمود العلي، أحد عناصر خلايا داعش", {"arrested": 1}),
    ],
)
def test_more_count_forms(sentence, expected):
    assert totals(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("قتل مدنيان إثر إطلاق النار عليهما", {"killed": 2}),  # nominative dual of a sound plural
        ("قتل مدنيين في القصف", {"killed": None}),  # "-ين" may be the plural
        ('أسفرت العملية عن مقتل "رمضان فاطم الصالح" واعتقال "باسل الفيصل"', {"killed": 1, "arrested": 1}),
        ('مقتل "أحمد الدغيم" و"محمد الحنوش" برصاص مجهولين', {"killed": 2}),
        ("قتل /3/ مقاتلين بهجوم", {"killed": 3}),
    ],
)
def test_duals_quoted_names_and_fenced_numbers(sentence: str, expected: dict) -> None:
    got = totals(sentence)
    assert {k: got.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ayman Raed and Abdullah Ragheb, both 21, were found dead", {}),  # an age
        ("عثر على جثة شاب يبلغ من العمر 23 عاماً مقتولا", {"killed": 1}),
        ("ERBIL (Kurdistan 24) – an Iraqi refugee was shot dead", {"killed": 1}),  # outlet, then one man
        ("the body was found with four gunshot wounds", {}),
    ],
)
def test_ages_outlet_numbers_and_wounds_are_not_head_counts(sentence: str, expected: dict) -> None:
    assert totals(sentence) == expected


def test_unit_numbers_are_not_head_counts() -> None:
    assert totals("أدى الانفجار إلى مقتل آمر الفوج الأول بلواء المشاة 59 واثنين من المراتب") == {"killed": 3}
    assert totals("قتل 4 جنود من اللواء 20") == {"killed": 4}


def test_the_same_number_again() -> None:
    assert totals("أدى الهجوم إلى مقتل شخصين، وإصابة مثلهما") == {"killed": 2, "injured": 2}
