"""Tests for ingest.extraction.places (gazetteer matcher).

Sentences are written for the tests (not copied from articles); each test is
about one rule of the matcher.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extraction.normalise import normalise
from ingest.extraction.places import Gazetteer, PlaceMatch, canonical_admin1


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def find(gaz: Gazetteer, text: str) -> list[PlaceMatch]:
    return gaz.find(normalise(text).text)


def one(gaz: Gazetteer, text: str, name_part: str) -> PlaceMatch:
    """The match whose text span contains ``name_part`` (normalised)."""
    nt = normalise(text).text
    key = normalise(name_part).text
    hits = [m for m in gaz.find(nt) if key in nt[m.start : m.end]]
    assert hits, f"{name_part!r} not found in {[nt[m.start : m.end] for m in gaz.find(nt)]}"
    return hits[0]


def km(m: PlaceMatch, lat: float, lon: float) -> float:
    assert m.lat is not None and m.lon is not None
    p = math.radians
    h = (
        math.sin(p(lat - m.lat) / 2) ** 2
        + math.cos(p(m.lat)) * math.cos(p(lat)) * math.sin(p(lon - m.lon) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(h))


# --------------------------------------------------------------------------- API
def test_default_is_cached(gaz: Gazetteer) -> None:
    assert Gazetteer.default() is gaz


def test_spans_are_in_text_order_and_do_not_overlap(gaz: Gazetteer) -> None:
    text = "اشتباكات في بلدة الصبحة وذيبان والبصيرة شرق دير الزور وفي مدينة الرقة"
    nt = normalise(text).text
    matches = gaz.find(nt)
    assert len(matches) >= 5
    for a, b in zip(matches, matches[1:], strict=False):
        assert a.end <= b.start
    for m in matches:
        assert 0 <= m.start <= m.name_start < m.end <= len(nt)


def test_empty_text(gaz: Gazetteer) -> None:
    assert gaz.find("") == []
    assert gaz.lookup("") is None


# --------------------------------------------------------------------- clitics
@pytest.mark.parametrize(
    "text",
    [
        "دورية في الحسكة",
        "دورية بالحسكة",
        "وصلت التعزيزات للحسكة",
        "من القامشلي والحسكة",
        "دخلت القوات وبالحسكة حظر تجول",
    ],
)
def test_clitics_before_a_name(gaz: Gazetteer, text: str) -> None:
    m = one(gaz, text, "حسك")
    assert m.admin1 == "Al-Hasakah"
    assert m.kind == "city"
    nt = normalise(text).text
    # the name span starts at the article, not at the clitic
    assert nt[m.name_start : m.end] in ("الحسكه", "حسكه")
    assert nt[m.name_start] in "اح"


def test_article_added_or_dropped(gaz: Gazetteer) -> None:
    # the open data spells شحيل; news writes الشحيل
    m = one(gaz, "هجوم على حاجز في الشحيل", "الشحيل")
    assert m.resolved and m.admin1 == "Deir ez-Zor"
    assert km(m, 35.08, 40.45) < 5


# ------------------------------------------------------------ heads / precision
def test_rif_gives_district_precision(gaz: Gazetteer) -> None:
    m = one(gaz, "انفجار عبوة بريف دير الزور الشرقي", "دير الزور")
    assert m.head == "ريف"
    assert m.precision == "district"
    assert m.admin1 == "Deir ez-Zor"
    nt = normalise("انفجار عبوة بريف دير الزور الشرقي").text
    assert nt[m.start : m.end] == "ريف دير الزور الشرقي"


def test_rif_before_adjective_and_lam(gaz: Gazetteer) -> None:
    m = one(gaz, "تمشيط في الريف الغربي لمحافظة الرقة", "الرقة")
    assert m.head == "ريف"
    assert m.precision == "district"
    assert m.admin1 == "Ar-Raqqah"


def test_governorate_head(gaz: Gazetteer) -> None:
    m = one(gaz, "حملة دهم في محافظة الحسكة", "الحسكة")
    assert m.head == "محافظه"
    assert m.precision == "governorate"
    assert m.kind == "governorate"


def test_bare_city_name_is_the_city(gaz: Gazetteer) -> None:
    m = one(gaz, "اعتقال مطلوبين في الرقة", "الرقة")
    assert m.precision == "exact" and m.kind == "city"
    assert km(m, 35.95, 39.01) < 5


def test_city_head(gaz: Gazetteer) -> None:
    m = one(gaz, "دوريات داخل مدينة الرقة", "الرقة")
    assert m.head == "مدينه" and m.kind == "city" and m.precision == "exact"


def test_badia_head_is_region(gaz: Gazetteer) -> None:
    m = one(gaz, "كمين في بادية حمص", "حمص")
    assert m.precision == "region"
    assert m.admin1 == "Homs"


def test_badia_of_a_town_without_curated_row(gaz: Gazetteer) -> None:
    m = one(gaz, "هجوم في بادية تدمر الشمالية", "تدمر")
    assert m.precision == "region"


def test_region_and_country(gaz: Gazetteer) -> None:
    nt_text = "تصاعد الهجمات شرق الفرات وفي شمال شرقي سوريا والعراق"
    prec = {normalise(nt_text).text[m.start : m.end]: m.precision for m in find(gaz, nt_text)}
    assert prec.get("شرق الفرات") == "region"
    assert prec.get("شمال شرقي سوريا") == "region"
    assert prec.get("والعراق", prec.get("العراق")) == "country"


def test_camp_and_prison(gaz: Gazetteer) -> None:
    camp = one(gaz, "حملة تفتيش داخل مخيم الهول", "الهول")
    assert camp.kind == "camp" and camp.precision == "exact" and camp.admin1 == "Al-Hasakah"
    prison = one(gaz, "محاولة فرار من سجن غويران", "غويران")
    assert prison.kind == "prison" and prison.admin1 == "Al-Hasakah"
    assert km(prison, 36.48, 40.745) < 5


# -------------------------------------------------------------------- variants
@pytest.mark.parametrize(
    ("spelling", "lat", "lon"),
    [
        ("مركدة", 35.75, 40.75),  # GeoNames spells مرقدة too; OSM مرقدة
        ("مرقدة", 35.75, 40.75),
        ("الشدادي", 36.05, 40.74),  # GeoNames: الشدادة
        ("الشدادة", 36.05, 40.74),
    ],
)
def test_spelling_variants(gaz: Gazetteer, spelling: str, lat: float, lon: float) -> None:
    m = one(gaz, f"هجوم على نقطة عسكرية في {spelling}", spelling)
    assert m.admin1 == "Al-Hasakah"
    assert km(m, lat, lon) < 10


def test_hamza_and_alef_maqsura(gaz: Gazetteer) -> None:
    assert one(gaz, "عملية في الأنبار", "الانبار").admin1 == "Anbar"
    assert one(gaz, "غارات على ديالى", "ديالي").admin1 == "Diyala"


def test_bu_spacing_variant(gaz: Gazetteer) -> None:
    for text in ("قصف قرب البوكمال", "قصف قرب البو كمال"):
        m = one(gaz, text, "كمال")
        assert m.admin1 == "Deir ez-Zor"


# -------------------------------------------------------------------- stoplist
@pytest.mark.parametrize(
    "text",
    [
        "قالت المصادر إن السلام لن يتحقق حول هذه المسألة",
        "تمت العملية بواسطة طائرات مسيرة في عملية دقيقة",
        "بيع البرميل بسعر مرتفع",
        "قتل أحد عناصر التنظيم وتم القضاء على خليته",
        "صرح أبو حمزة للصحفيين",
        "أعلنت القيادة المركزية أن قواتها نفذت غارة دقيقة أسفرت عن مقتل قيادي بارز",
        "أصيب ثلاثة عناصر بجروح إثر انفجار عبوة ناسفة زرعها مجهولون على الطريق العام",
        "أحمد الحسين ومحمد العلي وخالد الصالح",
    ],
)
def test_common_words_are_not_places(gaz: Gazetteer, text: str) -> None:
    assert find(gaz, text) == []


def test_sdf_name_is_not_the_country(gaz: Gazetteer) -> None:
    assert find(gaz, "أعلنت قوات سوريا الديمقراطية اعتقال خلية") == []


def test_badia_plural_uses_curated_regions(gaz: Gazetteer) -> None:
    matches = find(gaz, "نقل التنظيم نشاطه إلى بوادي الرقة ودير الزور")
    assert [m.precision for m in matches] == ["region", "region"]
    assert [m.admin1 for m in matches] == ["Ar-Raqqah", "Deir ez-Zor"]


def test_head_word_alone_is_not_a_place(gaz: Gazetteer) -> None:
    assert find(gaz, "دخلت القوات المدينة وسيطرت على المنطقة") == []


def test_common_word_village_after_head(gaz: Gazetteer) -> None:
    # السلام is a stoplisted word, but "قرية السلام" is a place mention
    m = one(gaz, "مداهمة في قرية السلام", "السلام")
    assert m.head == "قريه"


# ------------------------------------------------------------- disambiguation
def test_disambiguation_by_following_town(gaz: Gazetteer) -> None:
    # two villages called غريبة in the data: one by Markada, one near Mayadin
    m = one(gaz, "اعتقال خلية في قرية غريبة بريف بلدة مركدة جنوب الحسكة", "غريبه")
    assert km(m, 35.62, 40.73) < 10


def test_disambiguation_by_near_admin1_in_lookup(gaz: Gazetteer) -> None:
    near_markada = gaz.lookup("غريبة", near_admin1="Deir ez-Zor")
    assert near_markada is not None and near_markada.admin1 == "Deir ez-Zor"


def test_named_place_wins_over_qualifier(gaz: Gazetteer) -> None:
    # الشحيل lies east of Deir ez-Zor; a wrong "western countryside" does not move it
    m = one(gaz, "اغتيال في الشحيل بريف دير الزور الغربي", "الشحيل")
    assert km(m, 35.08, 40.45) < 5


def test_governorate_name_that_is_not_a_city(gaz: Gazetteer) -> None:
    m = one(gaz, "غارات على أوكار في صلاح الدين", "صلاح الدين")
    assert m.admin1 == "Salah al-Din" and m.kind == "governorate"


def test_plural_head_covers_a_list(gaz: Gazetteer) -> None:
    text = "حملات دهم في محافظات الحسكة والرقة ودير الزور"
    nt = normalise(text).text
    matches = gaz.find(nt)
    assert [m.precision for m in matches] == ["governorate"] * 3
    assert [m.admin1 for m in matches] == ["Al-Hasakah", "Ar-Raqqah", "Deir ez-Zor"]


def test_dual_rif_head(gaz: Gazetteer) -> None:
    matches = find(gaz, "قصف مدفعي على ريفي حلب وإدلب")
    assert [m.precision for m in matches] == ["district", "district"]
    assert [m.admin1 for m in matches] == ["Aleppo", "Idlib"]


def test_rif_uses_the_district_row(gaz: Gazetteer) -> None:
    # the countryside of a city is placed at its district, not at the city centre
    m = one(gaz, "استهداف دورية في ريف دير الزور", "دير الزور")
    assert m.kind == "district" and m.place_id and not m.place_id.startswith("geonames")


def test_name_suffix_is_part_of_the_name(gaz: Gazetteer) -> None:
    text = "غارة على الباغوز التحتاني"
    nt = normalise(text).text
    m = one(gaz, text, "الباغوز")
    assert nt[m.name_start : m.end] == "الباغوز التحتاني"
    assert m.admin1 == "Deir ez-Zor"


def test_far_homonym_village_is_left_unresolved(gaz: Gazetteer) -> None:
    # the data's only العرقوب is in Latakia; the text puts this one in Deir ez-Zor
    m = one(gaz, "هجوم على قرية العرقوب بريف دير الزور الشرقي", "العرقوب")
    assert not m.resolved and m.lat is None
    assert m.admin1 == "Deir ez-Zor"


# -------------------------------------------------------------- unknown places
def test_unknown_village_after_head(gaz: Gazetteer) -> None:
    m = one(gaz, "مقتل قيادي في قرية المزيريبة الغربية بريف الشدادي جنوب الحسكة", "المزيريبه")
    assert not m.resolved
    assert m.lat is None and m.lon is None and m.place_id is None
    assert m.admin1 == "Al-Hasakah"
    assert m.head == "قريه" and m.precision == "exact"


def test_unknown_villages_in_a_list(gaz: Gazetteer) -> None:
    text = "مداهمات في قرية المزيريبة وقرية الشويحات بريف الحسكة الجنوبي"
    nt = normalise(text).text
    unknown = [m for m in gaz.find(nt) if not m.resolved]
    assert [nt[m.name_start : m.end] for m in unknown] == ["المزيريبه", "الشويحات"]
    assert {m.admin1 for m in unknown} == {"Al-Hasakah"}


def test_unknown_after_head_needs_a_name(gaz: Gazetteer) -> None:
    assert find(gaz, "انتشرت القوات في قرى وبلدات المنطقة") == []


# ---------------------------------------------------------------------- English
def test_english_names(gaz: Gazetteer) -> None:
    text = "US forces raided a house in Raqqa, Syria, and detained two men near al-Hol in Hasakah"
    nt = normalise(text).text
    found = {nt[m.start : m.end]: m for m in gaz.find(nt)}
    assert found["raqqa"].admin1 == "Ar-Raqqah"
    assert found["syria"].precision == "country"
    assert found["al-hol"].admin1 == "Al-Hasakah"
    assert found["hasakah"].admin1 == "Al-Hasakah"


def test_english_heads(gaz: Gazetteer) -> None:
    text = "a strike in Raqqa province and a raid in the eastern countryside of Deir ez-Zor"
    nt = normalise(text).text
    found = {nt[m.start : m.end]: m for m in gaz.find(nt)}
    assert found["raqqa province"].precision == "governorate"
    assert found["eastern countryside of deir ez-zor"].precision == "district"
    assert one(gaz, "attacks in rural Hasakah", "hasakah").precision == "district"


def test_english_article_variants(gaz: Gazetteer) -> None:
    for spelling in ("Deir ez-Zor", "Deir al-Zor", "Deir el-Zor"):
        m = one(gaz, f"clashes in {spelling} countryside", spelling.split()[0])
        assert m.admin1 == "Deir ez-Zor"


def test_english_words_not_places(gaz: Gazetteer) -> None:
    assert find(gaz, "they tell us the hole was tall, said Abu Hamza") == []


# ----------------------------------------------------------------------- lookup
def test_lookup_with_head_and_clitic(gaz: Gazetteer) -> None:
    m = gaz.lookup("بمحافظة الرقة")
    assert m is not None and m.precision == "governorate" and m.admin1 == "Ar-Raqqah"
    m = gaz.lookup("مدينة الرقة")
    assert m is not None and m.kind == "city"


def test_lookup_accepts_stoplisted_names(gaz: Gazetteer) -> None:
    # a name given alone is a place, even when it is also a common word
    m = gaz.lookup("الصور", near_admin1="Deir ez-Zor")
    assert m is not None and m.admin1 == "Deir ez-Zor"


def test_lookup_unknown_returns_none(gaz: Gazetteer) -> None:
    assert gaz.lookup("كلمةغيرموجودة") is None


def test_canonical_admin1() -> None:
    assert canonical_admin1("Raqqa") == "Ar-Raqqah"
    assert canonical_admin1("Ninewa") == "Nineveh"
    assert canonical_admin1("Thi Qar") == "Dhi Qar"
    assert canonical_admin1(None) is None


def test_admin1_values_are_canonical(gaz: Gazetteer) -> None:
    canon = {
        "Aleppo", "Al-Hasakah", "Ar-Raqqah", "As-Suwayda", "Damascus", "Daraa", "Deir ez-Zor", "Hama",
        "Homs", "Idlib", "Latakia", "Quneitra", "Rif Dimashq", "Tartus", "Anbar", "Babil", "Baghdad",
        "Basra", "Dhi Qar", "Diyala", "Duhok", "Erbil", "Halabja", "Karbala", "Kirkuk", "Maysan",
        "Muthanna", "Najaf", "Nineveh", "Qadisiyah", "Salah al-Din", "Sulaymaniyah", "Wasit",
    }  # fmt: skip
    assert {row.admin1 for row in gaz.rows if row.admin1} <= canon


# --------------------------------------------------------------------- fuzzing
@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهويةىءأإآؤئ ,.\n-'\"0123456789abcdez"))
        | st.characters(),
        max_size=200,
    )
)
def test_find_never_raises(text: str) -> None:
    gaz = Gazetteer.default()
    nt = normalise(text).text
    for m in gaz.find(nt):
        assert 0 <= m.start <= m.name_start < m.end <= len(nt)
        assert m.precision in {"exact", "district", "governorate", "region", "country"}


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["قرية", "بريف", "محافظة", "مخيم", "في", "و"]), st.text(max_size=30))
def test_heads_followed_by_anything(head: str, rest: str) -> None:
    gaz = Gazetteer.default()
    nt = normalise(f"{head} {rest}").text
    for m in gaz.find(nt):
        assert 0 <= m.start <= m.name_start < m.end <= len(nt)
    gaz.lookup(f"{head} {rest}")


def test_quoted_name_after_a_head_word(gaz):
    match = one(gaz, 'في بلدة "الكرامة" بريف الرقة', "الكرامه")
    assert match.head == "بلده" and match.admin1 == "Ar-Raqqah"


def test_named_area_the_data_lacks_takes_the_governorate_after_it(gaz):
    match = one(gaz, "هاجموا حاجزا في منطقة مخروم على طريق الحسكة", "مخروم")
    assert not match.resolved and match.admin1 == "Al-Hasakah"
    assert not [m for m in find(gaz, "في منطقة سيطرة قوات النظام") if "سيطره" in m.name]


def test_short_name_without_its_article_is_not_matched(gaz):
    # "دير" on its own is not "الدير" (a sub-district in Basra)
    assert all(m.admin1 != "Basra" for m in find(gaz, "بريف دير الزورالشرقي"))


def test_hashtag_names(gaz):
    [match] = find(gaz, "في بادية #دير_الزور")
    assert match.admin1 == "Deir ez-Zor" and match.precision == "region"


def test_english_spelling_of_a_village_known_only_in_arabic(gaz):
    [match] = find(gaz, "the SDF conducted a raid in the eastern Syrian town of Shuhail on Friday")
    assert match.admin1 == "Deir ez-Zor" and match.resolved and match.lat is not None


def test_desert_head_and_self_heading_feature_names(gaz: Gazetteer) -> None:
    [hatra] = find(gaz, "عملية تفتيش في صحراء الحضر")
    assert hatra.admin1 == "Nineveh" and hatra.precision == "region"
    [wadi] = find(gaz, "انفجار عبوة في وادي العجيج")
    assert wadi.admin1 == "Deir ez-Zor" and wadi.name == "وادي العجيج"
    # a locality name without its own feature word still needs a head word
    assert [m.name for m in find(gaz, "في منطقة العجيج")] != ["وادي العجيج"]


def test_curated_oil_fields_in_arabic_and_english(gaz: Gazetteer) -> None:
    [omar] = find(gaz, "هجوم قرب حقل العمر النفطي")
    [conoco] = find(gaz, "an attack near the Conoco gas field")
    assert omar.admin1 == conoco.admin1 == "Deir ez-Zor"
    assert omar.place_id == "curated:area-omar-field" and conoco.place_id == "curated:area-conoco-field"


def test_a_large_town_beats_a_village_of_the_same_name(gaz: Gazetteer) -> None:
    [sinjar] = find(gaz, "هجوم لداعش في سنجار")
    assert sinjar.admin1 == "Nineveh"
