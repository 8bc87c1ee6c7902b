"""Assembly rules, on short articles written for these tests."""

import json
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.extraction import EXTRACTOR_VERSION, extract_article

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_FIELDS = {
    "type",
    "subtype",
    "date",
    "date_precision",
    "place_name",
    "admin1",
    "lat",
    "lon",
    "geo_precision",
    "actors",
    "targets",
    "arrested",
    "killed",
    "injured",
    "persons",
    "evidence",
    "evidence_start",
    "evidence_end",
    "confidence",
    "seized",
    "place_id",
    "admin2",
    "summary_en",
}


def _run(
    text: str, published: str | None = "2024-03-12", title: str | None = None, language: str = "ar"
) -> dict:
    return extract_article(
        {"id": "t", "title": title, "published": published, "language": language, "text": text}
    )


def test_version_and_output_shape():
    assert EXTRACTOR_VERSION
    out = _run("اعتقلت قوات سوريا الديمقراطية ثلاثة عناصر من تنظيم داعش في بلدة الشحيل بريف دير الزور.")
    assert out["article_id"] == "t" and out["statistics"] == []
    [incident] = out["incidents"]
    assert set(incident) == CONTRACT_FIELDS
    assert incident["type"] == "raid" and incident["arrested"] == 3
    assert incident["actors"] == ["sdf"] and incident["targets"] == ["isis"]
    assert incident["admin1"] == "Deir ez-Zor" and incident["lat"] is not None
    assert 0 < incident["confidence"] <= 1
    assert "SDF" in incident["summary_en"]


def test_evidence_offsets_point_into_the_original_text():
    text = (
        "مقدمة عامة عن الوضع الأمني في المنطقة الشرقية من البلاد خلال الفترة الأخيرة.\n"
        "وقتل عنصران من قسد بهجوم لتنظيم داعش على حاجز في بلدة البصيرة بريف دير الزور الشرقي."
    )
    [incident] = _run(text)["incidents"]
    assert text[incident["evidence_start"] : incident["evidence_end"]].startswith("وقتل عنصران")
    assert incident["type"] == "attack" and incident["actors"] == ["isis"] and incident["targets"] == ["sdf"]
    assert incident["killed"] == 2


def test_two_places_make_two_incidents_and_a_follow_up_sentence_merges():
    text = (
        "أعلنت قوات سوريا الديمقراطية تفكيك خلية لتنظيم داعش في مدينة الرقة بدعم من التحالف الدولي.\n"
        "وأضاف البيان أن القوات ألقت القبض على أربعة عناصر خلال العملية وصادرت أسلحة وذخيرة.\n"
        "وفي حادثة منفصلة، اغتال مسلحون مجهولون مختار قرية في بلدة ذيبان بريف دير الزور الشرقي."
    )
    incidents = _run(text)["incidents"]
    assert [i["type"] for i in incidents] == ["raid", "attack"]
    raid, attack = incidents
    assert raid["subtype"] == "cell_dismantled" and raid["arrested"] == 4
    assert raid["actors"] == ["sdf", "coalition"] and raid["seized"] == ["ammunition", "weapons"]
    assert attack["subtype"] == "assassination" and attack["actors"] == ["unknown"]
    assert attack["targets"] == ["civilians"]


def test_clause_with_bainama_is_a_second_incident():
    text = (
        "نفذت قوى الأمن الداخلي حملة أمنية في مخيم الهول بريف الحسكة واعتقلت خمسة أشخاص، بينما نفذت "
        "قوات التحالف عملية مماثلة في بلدة الشحيل بريف دير الزور واعتقلت شخصين."
    )
    incidents = _run(text)["incidents"]
    assert [(i["type"], i["arrested"], i["admin1"]) for i in incidents] == [
        ("sweep", 5, "Al-Hasakah"),
        ("raid", 2, "Deir ez-Zor"),
    ]


def test_period_tally_is_a_statistic_not_an_incident():
    text = (
        "وخلال النصف الأول من العام الجاري، نفذت القوات الأمريكية 120 عملية ضد التنظيم في سوريا والعراق، "
        "أسفرت عن مقتل 30 عنصرا واعتقال 90 آخرين."
    )
    out = _run(text, published="2024-07-20")
    assert out["incidents"] == []
    [stat] = out["statistics"]
    assert (stat["operations"], stat["killed"], stat["arrested"]) == (120, 30, 90)
    assert stat["region"] == "Syria and Iraq" and stat["reporter"] == "us_forces"
    assert (stat["period_start"], stat["period_end"]) == ("2024-01-01", "2024-06-30")


def test_background_and_analysis_are_not_incidents():
    text = (
        "يذكر أن التنظيم شن هجوما على سجن غويران في الحسكة مطلع العام.\n"
        "ويرى محللون أن خلايا التنظيم تواصل هجماتها في البادية بشكل يومي."
    )
    assert _run(text)["incidents"] == []


def test_announcement_day_gets_week_precision_event_day_gets_day():
    announced = _run("أعلنت قوات سوريا الديمقراطية، اليوم الثلاثاء، القبض على عنصرين من داعش في بلدة الشحيل.")
    assert announced["incidents"][0]["date"] == "2024-03-12"
    assert announced["incidents"][0]["date_precision"] == "week"
    happened = _run("نفذت قوات التحالف الدولي فجر أمس عملية إنزال جوي في بلدة الشحيل بريف دير الزور.")
    assert happened["incidents"][0]["date"] == "2024-03-11"
    assert happened["incidents"][0]["date_precision"] == "day"
    assert happened["incidents"][0]["subtype"] == "airborne_raid"


def test_different_days_are_different_incidents():
    text = (
        "وفي 3 آذار الجاري، قصف سلاح الجو العراقي وكرا لداعش في وادي الشاي بمحافظة كركوك.\n"
        "وفي 6 آذار الجاري، عاود سلاح الجو العراقي قصف وكر آخر في وادي الشاي بمحافظة كركوك."
    )
    incidents = _run(text)["incidents"]
    assert [i["date"] for i in incidents] == ["2024-03-03", "2024-03-06"]
    assert all(i["type"] == "airstrike" and i["actors"] == ["iraqi_forces"] for i in incidents)


def test_killed_on_both_sides_are_summed_repeats_are_not():
    text = (
        "شن تنظيم داعش هجوما على مواقع قوات النظام في بلدة الشحيل بريف دير الزور، "
        "أسفر عن مقتل 5 عناصر من قوات النظام، كما قتل 2 من التنظيم.\n"
        "وأكدت المصادر مقتل 5 عناصر من قوات النظام في الهجوم."
    )
    [incident] = _run(text)["incidents"]
    assert incident["killed"] == 7
    assert incident["targets"] == ["syrian_gov"]


def test_isis_claim_overrides_unknown_gunmen():
    text = "قتل مسلحون مجهولون شابا في بلدة ذيبان بريف دير الزور.\nوتبنى تنظيم داعش عملية القتل عبر معرفاته."
    [incident] = _run(text)["incidents"]
    assert incident["actors"] == ["isis"] and incident["targets"] == ["civilians"]


def test_spokesman_excluded_victim_included():
    text = (
        "قتل مسلحون مجهولون المختار أحمد السالم في بلدة الشحيل بريف دير الزور.\n"
        "وقال خالد الحسن، المتحدث باسم المجلس، إن التحقيق مستمر."
    )
    [incident] = _run(text)["incidents"]
    assert incident["persons"] == ["أحمد السالم"]


def test_page_boilerplate_is_ignored():
    text = (
        "اعتقلت قوات الأسايش عنصرين من داعش في مدينة الرقة.\n"
        "اعتقال عنصرين من داعش في الرقة\n"
        "مقالات ذات صلة\n"
        "اشترك في النشرة البريدية\n"
        "Facebook\nWhatsApp\n"
        "مقتل ثلاثة عناصر من قسد بهجوم في الحسكة"
    )
    incidents = _run(text, title="اعتقال عنصرين من داعش في الرقة")["incidents"]
    assert len(incidents) == 1 and incidents[0]["arrested"] == 2


def test_no_place_no_incident():
    assert _run("اعتقلت القوات عددا من المشتبه بهم خلال الأسابيع الماضية.")["incidents"] == []


def test_english_article():
    text = (
        "The Syrian Democratic Forces (SDF) said on Monday they had arrested two ISIS members "
        "in al-Shuhayl, in Deir ez-Zor's eastern countryside, with support from the US-led coalition."
    )
    [incident] = _run(text, published="2024-03-11", language="en")["incidents"]
    assert incident["type"] == "raid" and incident["arrested"] == 2
    assert incident["actors"] == ["sdf", "coalition"] and incident["admin1"] == "Deir ez-Zor"


def test_missing_fields_are_tolerated():
    assert extract_article({}) == {"article_id": "", "incidents": [], "statistics": []}
    assert extract_article({"id": 7, "text": None, "published": "not a date"})["article_id"] == "7"


# ------------------------------------------------------------------ robustness (property tests)
@settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600))
def test_never_raises_on_arbitrary_unicode(text):
    out = extract_article({"id": "h", "text": text, "published": None})
    assert isinstance(out["incidents"], list)
    for incident in out["incidents"]:
        assert 0 <= incident["evidence_start"] <= incident["evidence_end"] <= len(text)


_PIECES = [
    "<div>",
    "</p>",
    "&nbsp;",
    "<script>x=1;</script>",
    "اعتقلت قسد ",
    "3 عناصر ",
    "في بلدة الشحيل",
    "بريف دير الزور",
    "، بينما ",
    ".",
    "\n",
    "؛",
    "«داعش»",
    "مقتل",
    "غارة",
    "2024",
    "أمس",
    "ISIS",
    " ",
    "ـ",
]


@settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=80), st.sampled_from([None, "2024-01-31", "bad"]))
def test_never_raises_on_html_remnants_and_news_fragments(pieces, published):
    text = "".join(pieces)
    out = extract_article({"id": "h", "text": text, "published": published, "title": text[:30]})
    assert set(out) == {"article_id", "incidents", "statistics"}


def test_one_megabyte_finishes_in_bounded_time():
    paragraph = (
        "أعلنت قوات سوريا الديمقراطية اعتقال ثلاثة عناصر من داعش في بلدة الشحيل بريف دير الزور، "
        "وصادرت أسلحة. وقتل عنصر من قسد بهجوم مسلح في بلدة ذيبان.\n"
    )
    text = paragraph * (1_000_000 // len(paragraph))
    extract_article({"id": "warm", "text": paragraph})
    started = time.perf_counter()
    out = extract_article({"id": "big", "text": text, "published": "2024-01-01"})
    # A robustness bound, not a benchmark: linear-time pieces finish well inside it.
    assert time.perf_counter() - started < 60
    assert out["incidents"]


# ------------------------------------------------------------------ command line
def test_cli_prints_json_lines_and_survives_bad_files(tmp_path):
    good = tmp_path / "a.json"
    good.write_text(
        json.dumps({"id": "a", "published": None, "text": "اعتقلت قسد عنصرين من داعش في مدينة الرقة."}),
        encoding="utf-8",
    )
    bad = tmp_path / "b.json"
    bad.write_text("{not json", encoding="utf-8")
    missing = tmp_path / "c.json"
    missing.write_text(json.dumps({"id": "c"}), encoding="utf-8")
    plain = tmp_path / "d.txt"
    plain.write_text("اعتقلت قسد عنصرين من داعش في مدينة الرقة.", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ingest.extraction", str(good), str(bad), str(missing), str(plain)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["article_id"] for r in rows] == ["a", "d"]
    assert rows[0]["incidents"][0]["arrested"] == 2
    assert "b.json" in result.stderr and "malformed JSON" in result.stderr
    assert "c.json" in result.stderr and "text" in result.stderr
    assert result.returncode == 1


def test_out_of_scope_fighting_and_feuds_are_dropped():
    text = (
        "استهدفت طائرة مسيرة تركية سيارة لقوات سوريا الديمقراطية قرب بلدة الشحيل، ما أدى إلى مقتل عنصرين.\n"
        "وفي حادثة منفصلة، قتل شاب برصاص ابن عمه في بلدة ذيبان على خلفية خلافات عشائرية."
    )
    assert _run(text)["incidents"] == []


def test_observatory_running_total_is_a_statistic():
    text = (
        "قتل ثلاثة رعاة بانفجار لغم من مخلفات تنظيم داعش في بلدة الشحيل بريف دير الزور.\n"
        "وأحصى المرصد منذ مطلع العام الجاري مقتل 40 شخصا بانفجار ألغام في المنطقة."
    )
    out = _run(text)
    [incident] = out["incidents"]
    assert incident["type"] == "attack" and incident["subtype"] == "ied" and incident["killed"] == 3
    assert [(s["killed"], s["period_start"], s["period_end"]) for s in out["statistics"]] == [
        (40, "2024-01-01", "2024-03-12")
    ]


def test_topic_shift_opener_starts_a_new_incident():
    text = (
        "اعتقلت قوات الأسايش عنصرين من داعش في مدينة الرقة.\n"
        "وفي العراق، أعلنت خلية الإعلام الأمني مقتل 4 إرهابيين بضربة جوية في قضاء الحويجة بمحافظة كركوك."
    )
    incidents = _run(text)["incidents"]
    assert [(i["type"], i["admin1"], i["actors"]) for i in incidents] == [
        ("raid", "Ar-Raqqah", ["asayish"]),
        ("airstrike", "Kirkuk", ["iraqi_forces"]),
    ]


def test_unattributed_ied_is_an_attack_on_the_vehicle_owner():
    text = (
        "انفجرت عبوة ناسفة بسيارة عسكرية تابعة لقسد في بلدة الشحيل بريف دير الزور، ما أسفر عن إصابة عنصرين."
    )
    [incident] = _run(text)["incidents"]
    assert (incident["type"], incident["subtype"], incident["targets"]) == ("attack", "ied", ["sdf"])


def test_old_events_are_background():
    text = "وفي 3 آذار 2022، اعتقلت قوات سوريا الديمقراطية خمسة عناصر من داعش في بلدة الشحيل."
    assert _run(text, published="2024-03-12")["incidents"] == []
    assert _run(text, published="2022-03-05")["incidents"][0]["date"] == "2022-03-03"


def test_headline_place_for_a_body_without_one_and_passive_victims():
    text = (
        "قتل عنصران من قوات سوريا الديمقراطية، مساء أمس السبت، بهجوم مسلح شنه عناصر من تنظيم داعش "
        "على نقطة عسكرية.\nوقالت مصادر محلية إن المهاجمين لاذوا بالفرار."
    )
    [incident] = _run(text, published="2024-04-07", title="هجوم لداعش في بلدة ذيبان")["incidents"]
    assert (incident["type"], incident["actors"], incident["targets"]) == ("attack", ["isis"], ["sdf"])
    assert incident["place_name"] == "ذيبان" and incident["killed"] == 2
    assert (incident["date"], incident["date_precision"]) == ("2024-04-06", "day")


def test_strikes_on_other_groups_are_out_of_scope():
    text = (
        "U.S. Central Command forces conducted a strike in Idlib on March 10, killing a senior leader of "
        "Hurras al-Din."
    )
    assert _run(text, language="en")["incidents"] == []


def test_unpunctuated_paragraph_between_prose_lines_is_kept():
    text = (
        "قالت مصادر محلية إن المنطقة تشهد توترا أمنيا متصاعدا منذ أسابيع.\n"
        "وقتل عنصر من قسد بهجوم لداعش في بلدة ذيبان بريف دير الزور\n"
        "صورة أرشيفية لعناصر من قسد في دير الزور (فرات بوست)\n"
        "وأضافت المصادر أن التوتر لا يزال قائما."
    )
    [incident] = _run(text)["incidents"]
    assert incident["type"] == "attack" and incident["killed"] == 1


def test_parallel_clause_with_its_own_place_is_its_own_incident():
    text = (
        "وفي محافظة الأنبار، أعلنت قيادة العمليات المشتركة مقتل 3 إرهابيين بضربة جوية في الصحراء الغربية، "
        "فيما أعلن جهاز مكافحة الإرهاب اعتقال مسؤول مالي لداعش في الفلوجة."
    )
    incidents = _run(text)["incidents"]
    assert [(i["type"], i["killed"], i["arrested"]) for i in incidents] == [
        ("airstrike", 3, None),
        ("raid", None, 1),
    ]


def test_weekday_inside_a_place_name_is_not_a_date():
    text = "نفذت قوى الأمن الداخلي حملة دهم في قرية كسرة شيخ الجمعة جنوب الرقة واعتقلت 6 أشخاص من خلايا داعش."
    [incident] = _run(text, published="2024-11-15")["incidents"]
    assert incident["date"] is None and incident["arrested"] == 6


def test_series_summary_gives_way_to_its_parts():
    text = (
        "شنت خلايا تنظيم داعش خلال يوم واحد هجومين على نقطتين لقوات سوريا الديمقراطية في ريف الرقة.\n"
        "وفي الهجوم الأول، هاجم مسلحو التنظيم نقطة لقسد في بلدة الكرامة، ما أسفر عن مقتل عنصر.\n"
        "وبعد ساعات، شن عناصر التنظيم هجوما ثانيا على حاجز لقسد في بلدة المنصورة وأصابوا مقاتلين اثنين."
    )
    incidents = _run(text)["incidents"]
    assert [(i["place_name"], i["killed"], i["injured"]) for i in incidents] == [
        ("الكرامة", 1, None),
        ("المنصورة", None, 2),
    ]


def test_operation_alongside_another_is_its_own_incident_and_shares_its_day():
    text = (
        "نفذت قوة من التحالف الدولي فجر اليوم عملية إنزال جوي في بادية دير الزور "
        "قتل خلالها 3 عناصر من داعش.\n"
        "وجاءت عملية الإنزال بالتزامن مع تنفيذ قوات سوريا الديمقراطية حملة دهم في بلدة الشحيل اعتقلت خلالها "
        "12 شخصا يشتبه بانتمائهم للتنظيم."
    )
    first, second = _run(text, published="2024-05-20")["incidents"]
    assert first["actors"] == ["coalition"] and first["killed"] == 3
    assert second["place_name"] == "الشحيل" and second["actors"] == ["sdf"] and second["arrested"] == 12
    assert first["date"] == second["date"] == "2024-05-20"


def test_follow_up_sentence_locates_a_vaguely_placed_operation():
    text = (
        "نفذت وحدات مكافحة الإرهاب التابعة لقوات سوريا الديمقراطية عملية أمنية في شمال سوريا أدت لاعتقال "
        "قيادي في داعش.\n"
        "وجرت العملية يوم أمس في بلدة الكرامة بريف الرقة الشرقي، "
        "بدعم ومراقبة جوية من قبل قوات التحالف الدولي."
    )
    [incident] = _run(text)["incidents"]
    assert incident["place_name"] == "الكرامة" and incident["admin1"] == "Ar-Raqqah"
    assert incident["actors"] == ["sdf", "coalition"]


def test_earlier_event_recalled_with_its_day_and_village_is_an_incident():
    text = (
        "اعتقلت قوات سوريا الديمقراطية شخصين في بلدة الشحيل بريف دير الزور الشرقي.\n"
        "يشار إلى أنه يوم الإثنين الماضي نفذت قوات التحالف الدولي عملية إنزال جوي في بلدة الغندورة بريف حلب."
    )
    places = [i["place_name"] for i in _run(text)["incidents"]]
    assert places == ["الشحيل", "الغندورة"]


def test_unattributed_attack_is_by_unknown_and_claimed_or_suicide_attack_by_isis():
    found = (
        "عثر على جثتي عنصرين من قوات سوريا الديمقراطية مقتولين بأعيرة نارية "
        "في بلدة أبو خشب بريف دير الزور."
    )
    assert _run(found)["incidents"][0]["actors"] == ["unknown"]
    suicide = "قتل عنصر أمن بتفجير انتحاري استهدف حاجزا في مدينة الميادين بريف دير الزور."
    assert _run(suicide)["incidents"][0]["actors"] == ["isis"]


def test_attackers_killed_are_counted_with_their_victims():
    text = (
        "قتل عنصر من قوات الأمن بهجوم انتحاري على حاجز في مدينة الميادين بريف دير الزور، وتمكن عناصر الحاجز "
        "من قتل أحد المهاجمين في حين فجر الثاني نفسه."
    )
    [incident] = _run(text)["incidents"]
    assert incident["killed"] == 3


def test_village_homonym_outside_the_articles_governorate_loses_its_point():
    text = (
        "أعلن تنظيم داعش اغتيال مسؤول في قوات سوريا الديمقراطية في محافظة الرقة.\n"
        "وقتل المسؤول ومرافقه بإطلاق النار عليهما في قرية الصالحية بريف الرقة، بحسب مصادر في مدينة الرقة."
    )
    [incident] = _run(text)["incidents"]
    assert incident["admin1"] == "Ar-Raqqah" and incident["killed"] == 2


def test_forces_killed_in_an_attack_clause_after_an_operation():
    text = (
        "أطلقت القوات العراقية حملة أمنية واسعة في محافظة ديالى لملاحقة عناصر داعش بعد هجوم استهدف موقعا "
        "عسكريا في قضاء المقدادية وأدى إلى مقتل 5 جنود."
    )
    incidents = _run(text)["incidents"]
    attack = next(i for i in incidents if i["type"] == "attack")
    assert attack["killed"] == 5 and attack["targets"] == ["iraqi_forces"]
    assert all(i["killed"] is None for i in incidents if i["type"] != "attack")


def test_wearing_a_belt_is_not_an_attack():
    text = "قتلت قوة من جهاز مكافحة الإرهاب قياديين اثنين في داعش كانا يرتديان حزامين ناسفين جنوب قضاء الحضر."
    [incident] = _run(text)["incidents"]
    assert incident["type"] == "raid" and incident["killed"] == 2


def test_statistics_per_number_of_operations_and_per_country():
    text = (
        "وقالت القيادة المركزية الأمريكية إنها نفذت خلال النصف الأول من العام الجاري 150 عملية في العراق "
        "أسفرت عن مقتل 30 عنصرا واعتقال 70 آخرين، و50 عملية في سوريا أسفرت عن مقتل 14 واعتقال 90.\n"
        "In Iraq, a total of 12 ISIS suspects were killed and 7 detained in June.\n"
    )
    stats = _run(text)["statistics"]
    numbers = [(s["operations"], s["killed"], s["arrested"]) for s in stats]
    assert numbers[:2] == [(150, 30, 70), (50, 14, 90)]
    assert stats[0]["region"] == "Iraq" and stats[1]["region"] == "Syria"


def test_government_metonym_and_destination_are_not_places():
    text = (
        "قتل 9 أشخاص بينهم مسلحون موالون لدمشق بهجوم لخلايا داعش أثناء جمعهم الكمأة في الريف الشرقي "
        "لمحافظة حماة، وهم متجهون نحو مدينة السخنة."
    )
    [incident] = _run(text)["incidents"]
    assert incident["admin1"] == "Hama" and incident["killed"] == 9


def test_town_in_the_clause_beats_a_bare_governorate_capital():
    text = (
        "على وقع الفلتان الأمني في دير الزور، أقدم مسلحان على اغتيال عنصر من قوات سوريا الديمقراطية "
        "في بلدة الشحيل بريف دير الزور الشرقي."
    )
    [incident] = _run(text)["incidents"]
    assert incident["place_name"] == "الشحيل"


def test_isis_members_killed_and_nobody_else_is_an_operation():
    text = (
        "وبعد ساعات من الهجوم، قصف الجيش العراقي مخابئ لتنظيم داعش في محافظة ديالى، "
        "مما أسفر عن مقتل خمسة من مقاتلي التنظيم."
    )
    [incident] = _run(text)["incidents"]
    assert incident["type"] == "airstrike" and incident["actors"] == ["iraqi_forces"]
    assert incident["killed"] == 5


def test_forces_that_managed_to_kill_ran_an_operation():
    text = (
        "قال جهاز مكافحة الإرهاب إنه نفذ عملية أمنية في وادي حوران بصحراء محافظة الأنبار.\n"
        "وذكر الجهاز في بيان أن قواته تمكنت من قتل 17 مقاتلا من تنظيم داعش في هجوم كاسح فجر الأحد."
    )
    [incident] = _run(text, published="2023-02-27")["incidents"]
    assert incident["type"] == "raid" and incident["killed"] == 17
    assert incident["admin1"] == "Anbar" and incident["date"] == "2023-02-26"


def test_kunya_is_not_a_village():
    text = (
        "قتلت القوات العراقية 5 من عناصر داعش في صحراء الأنبار، ويعتقد أن أحدهم هو والي العراق "
        "المعروف بأبو بكر."
    )
    [incident] = _run(text)["incidents"]
    assert incident["admin1"] == "Anbar"


def test_day_right_after_a_report_verb_is_the_reports():
    text = (
        "Security forces arrested an ISIS cell during a joint operation in the Harem area of Idlib, "
        "authorities announced on Thursday."
    )
    [incident] = _run(text, published="2025-08-07", language="en")["incidents"]
    assert incident["date_precision"] == "week"


def test_weak_follow_up_sentence_locates_an_operation_placed_in_a_country():
    text = (
        "On March 10, U.S. forces conducted a helicopter raid in northeast Syria that killed a senior "
        "ISIS official. The operation took place near the town of Shaddadi in Hasakah province."
    )
    [incident] = _run(text, language="en")["incidents"]
    assert incident["type"] == "raid" and incident["killed"] == 1
    assert incident["admin1"] == "Al-Hasakah" and incident["geo_precision"] != "country"


def test_boundary_area_takes_the_governorate_the_text_names():
    text = (
        "قالت خلية الإعلام الأمني إن ضربة جوية استهدفت وكرا لداعش في وادي الثرثار بمحافظة الأنبار "
        "وقتلت خمسة إرهابيين."
    )
    [incident] = _run(text)["incidents"]
    assert incident["type"] == "airstrike" and incident["killed"] == 5
    assert incident["admin1"] == "Anbar" and incident["lat"] is not None


def test_iraqi_operations_command_sector_names_the_governorate():
    text = (
        "أعلنت خلية الإعلام الأمني أن سلاح الجو العراقي استهدف وكرا لعصابات داعش شرقي بحيرة حمرين "
        "ضمن قاطع قيادة عمليات ديالى.\n"
        "وفي سياق آخر، نفذت مفارز الاستخبارات عملية تفتيش لقرى ضمن محافظة كركوك وضبطت وكرين للتنظيم.\n"
        "كما أعلنت قيادة عمليات صلاح الدين مقتل إرهابيين اثنين بعملية نوعية في مطيبيجة."
    )
    incidents = _run(text)["incidents"]
    assert [(i["type"], i["admin1"]) for i in incidents] == [
        ("airstrike", "Diyala"),
        ("sweep", "Kirkuk"),
        ("raid", "Salah al-Din"),
    ]
    assert incidents[2]["killed"] == 2 and incidents[1]["killed"] is None


def test_outlets_named_after_a_place_are_not_places():
    text = (
        'وقالت المصادر لـ"بغداد اليوم" إن طائرة أمريكية قصفت شاحنة في دير الزور ما أدى إلى مقتل اثنين '
        "من مسلحي داعش."
    )
    [incident] = _run(text)["incidents"]
    assert incident["admin1"] == "Deir ez-Zor" and incident["killed"] == 2
    # the same words in running text are the city and the day
    [attack] = _run("قتل مسلحون مجهولون شابا في بغداد اليوم الأحد.")["incidents"]
    assert attack["admin1"] == "Baghdad"


def test_attack_told_by_its_toll_without_a_named_perpetrator():
    text = "تعرضت قرية الحويجة لهجوم بأسلحة متوسطة مساء اليوم ما أدى إلى سقوط 10 قتلى و12 جريحاً."
    [incident] = _run(text)["incidents"]
    assert incident["type"] == "attack" and incident["killed"] == 10 and incident["injured"] == 12
    # a body found later retells the killing: still one incident
    text = (
        "قتل مسلحون مجهولون شابا في بلدة ذيبان بريف دير الزور أمس. "
        "وعثر الأهالي على جثة الشاب مقتولا بعدة طلقات نارية قرب نهر الفرات."
    )
    assert len(_run(text)["incidents"]) == 1


def test_claim_day_is_not_the_event_day_and_of_them_counts_the_victims():
    text = (
        "The terror group on Tuesday claimed responsibility for an attack on Peshmerga in Kirkuk "
        "late on Sunday, killing four of them."
    )
    [incident] = _run(text, published="2021-12-07", language="en")["incidents"]
    assert incident["date"] == "2021-12-05" and incident["killed"] == 4


def test_detainees_held_for_years_are_not_an_arrest():
    text = (
        "CENTCOM supports efforts to repatriate more than 9,000 ISIS detainees in detention facilities "
        "in Syria and families from the al-Hol camp."
    )
    assert _run(text, language="en")["incidents"] == []


def test_breakdown_of_an_isis_tally_counts_attacks_and_a_retold_tally_once():
    text = (
        'وأضاف المرصد أن "داعش نفذ منذ بداية العام وحتى اليوم 233 عملية في مناطق نفوذ الإدارة الذاتية".\n'
        'كما وثق "17 عملية في الحسكة و15 عملية في الرقة".\n'
        "وفي رسم توضيحي نشره التنظيم قال إنه نفذ 233 عملية عسكرية."
    )
    out = _run(text, published="2025-12-14")
    assert out["incidents"] == []
    tallies = [(s["attacks"], s["operations"]) for s in out["statistics"]]
    assert tallies == [(233, None), (17, None), (15, None)]
    weekly = _run("وشهد الأسبوع الماضي 8 عمليات للتنظيم توزعت بواقع 4 في دير الزور و3 في الرقة.")
    assert [s["attacks"] for s in weekly["statistics"]][:1] == [8]


def test_internal_security_after_2024_is_the_ministry_outside_the_north_east():
    text = "نفذت وحدات الأمن الداخلي في مدينة الميادين عملية أمنية أسفرت عن القبض على أحد عناصر داعش."
    [incident] = _run(text, published="2026-02-25")["incidents"]
    assert incident["actors"] == ["syrian_gov"]
    [older] = _run(text, published="2023-02-25")["incidents"]
    assert older["actors"] == ["asayish"]
    hasakah = "نفذت قوى الأمن الداخلي عملية أمنية في مخيم الهول بالحسكة واعتقلت عنصرين من داعش."
    assert _run(hasakah, published="2026-02-25")["incidents"][0]["actors"] == ["asayish"]


def test_related_article_links_inside_the_body_are_not_reported_events():
    text = (
        "فككت قوات مجلس دير الزور العسكري خلية لتنظيم داعش في بلدة ذيبان واعتقلت عنصرين منها.\n"
        "أخبار ذات علاقة مقتل عنصر أمن إثر هجوم انتحاري لداعش في ريف دير الزور\n"
        "وضبطت القوات أسلحة وذخيرة."
    )
    [incident] = _run(text)["incidents"]
    assert incident["arrested"] == 2 and incident["killed"] is None


def test_lone_incident_takes_its_toll_from_the_headline_when_the_body_has_none():
    body = "نفذت وحدات الأمن الداخلي عملية أمنية استهدفت وكرا لتنظيم داعش في مدينة داريا اليوم."
    [incident] = _run(body, title="الأمن يفكك خلية لداعش في داريا ويعتقل 7 من أفرادها")["incidents"]
    assert incident["arrested"] == 7
    [plain] = _run(body)["incidents"]
    assert plain["arrested"] is None


def test_civilians_among_the_dead_are_targets_beside_the_forces():
    text = (
        "ISIS claimed responsibility for an attack on two villages near Makhmour on Thursday that left "
        "10 Peshmerga fighters and three civilians dead."
    )
    [incident] = _run(text, published="2021-12-07", language="en")["incidents"]
    assert set(incident["targets"]) == {"peshmerga", "civilians"} and incident["killed"] == 13


def test_strike_on_this_hideout_takes_the_place_of_the_sentence_before():
    text = (
        "تمكنت مديرية الاستخبارات العسكرية وخلية الاستهداف من رصد تحركات لعناصر داعش في وكر يقع شرقي "
        "بحيرة حمرين ضمن قاطع قيادة عمليات ديالى.\n"
        'وأضافت أن "طائرات سزنا كرفان دكت هذا الوكر وحولته إلى ركام".'
    )
    [incident] = _run(text)["incidents"]
    assert incident["type"] == "airstrike" and incident["admin1"] == "Diyala"


def test_ied_during_a_search_is_the_attack_not_the_search():
    text = (
        "انفجرت عبوة ناسفة من مخلفات داعش على قوة من الجيش خلال عملية تفتيش في كركوك "
        "ما أدى إلى مقتل أربعة جنود."
    )
    [incident] = _run(text)["incidents"]
    assert incident["type"] == "attack" and incident["killed"] == 4


def test_year_to_date_toll_is_a_statistic_and_one_nights_toll_is_not():
    text = (
        "Two Iraqi refugees were found shot dead in al-Hol camp on Monday.\n"
        "A total of 42 people have been killed in the camp this year, the agency claimed."
    )
    out = _run(text, published="2021-03-16", language="en")
    [incident] = out["incidents"]
    assert incident["killed"] == 2 and [s["killed"] for s in out["statistics"]] == [42]
    night = "ارتفعت حصيلة الهجوم الذي شنه داعش ليلة أمس على نقطة للجيش في قضاء الطارمية إلى 10 قتلى."
    assert _run(night)["statistics"] == [] and _run(night)["incidents"][0]["killed"] == 10


def test_isis_executions_are_attacks_and_court_sentences_are_not():
    [incident] = _run("نفذ عناصر من تنظيم الدولة عملية إعدام بحق شاب في قرية الطكيحي شرقي مدينة دير الزور.")[
        "incidents"
    ]
    assert incident["type"] == "attack" and incident["killed"] == 1 and incident["actors"] == ["isis"]
    assert _run("أعدمت السلطات العراقية 21 مدانا بالإرهاب من عناصر داعش في سجن الناصرية.")["incidents"] == []


def test_a_later_sentence_with_the_toll_and_town_places_a_vaguely_placed_attack():
    text = (
        "Iraq's interior ministry on Thursday opened an investigation into the killing of over a dozen "
        "people in an ISIS attack in Iraq.\n"
        "Officials arrived in the province on Thursday.\n"
        "The minister spoke to reporters.\n"
        "The incident in Diyala's Miqdadiyah on Tuesday night saw the killing of 15 people and injuring "
        "of 17 others."
    )
    [incident] = _run(text, published="2021-10-28", language="en")["incidents"]
    assert incident["admin1"] == "Diyala" and incident["killed"] == 15 and incident["injured"] == 17


def test_car_bomb_in_a_town_held_by_turkish_backed_factions_is_in_scope():
    text = (
        "انفجرت سيارة مفخخة في قرية تل حلف بريف مدينة رأس العين شمالي الحسكة اليوم، "
        "ما أسفر عن مقتل 5 مدنيين.\n"
        "وكانت فصائل المعارضة المدعومة من تركيا سيطرت على القرية في تشرين الأول."
    )
    [incident] = _run(text)["incidents"]
    assert incident["type"] == "attack" and incident["killed"] == 5
    strike = "قصفت طائرة مسيرة تركية سيارة لقوات سوريا الديمقراطية في ريف القامشلي ما أدى إلى مقتل عنصرين."
    assert _run(strike)["incidents"] == []


def test_attack_blamed_on_isis_in_a_later_sentence():
    text = (
        "Two fighters were killed on Monday when a landmine exploded in the village of Diban.\n"
        "The SDF said the landmine had been planted by cells affiliated with ISIS."
    )
    [incident] = _run(text, language="en")["incidents"]
    assert incident["actors"] == ["isis"]


def test_council_staff_and_refugees_are_civilian_targets():
    text = "أطلق مسلحان مجهولان النار على مسؤول التواصل في المجلس المدني بمدينة البصيرة ما أدى لمقتله."
    [incident] = _run(text)["incidents"]
    assert incident["targets"] == ["civilians"] and incident["actors"] == ["unknown"]
    [camp] = _run("An Iraqi refugee was shot dead in al-Hol camp on Sunday.", language="en")["incidents"]
    assert camp["targets"] == ["civilians"]


def test_capital_dateline_and_one_days_strikes():
    text = (
        "NORTH AND EAST SYRIA — SDF and Asayish forces arrested 14 ISIS members in the towns of Al-Hol "
        "and Tel Brak on Monday."
    )
    [raid] = _run(text, language="en")["incidents"]
    assert raw_place(raid) != "SYRIA" and raid["arrested"] == 14
    strikes = "الثلاثاء الماضي، دمر طيران التحالف الدولي 39 وكرا لتنظيم داعش بـ 18 ضربة جوية في جبال مكحول."
    out = _run(strikes)
    assert out["statistics"] == [] and out["incidents"][0]["type"] == "airstrike"


def raw_place(incident: dict) -> str | None:
    return incident["place_name"]


def test_civilians_shot_is_an_attack_and_a_village_homonym_takes_the_text_governorate():
    text = (
        "أصيب عدد من الموظفين في مجلس دير الزور المدني في قرية الحصان غربي دير الزور، إثر إطلاق النار "
        "عليهم، وسط أنباء عن مقتل أحدهم."
    )
    [incident] = _run(text)["incidents"]
    assert incident["type"] == "attack" and incident["admin1"] == "Deir ez-Zor"
    assert incident["targets"] == ["civilians"]


def test_protests_and_threats_of_clashes_are_not_incidents():
    text = (
        "شهدت قرى العزبة ومعيزيلة بريف دير الزور تظاهرات على خلفية تردي الوضع المعيشي، حيث هدد الأهالي "
        "باشتباك مباشر مع عناصر قسد."
    )
    assert _run(text)["incidents"] == []


def test_captives_taken_in_an_isis_attack_do_not_make_it_a_raid():
    text = (
        "ارتفع إلى 6 عدد قتلى قوات النظام في هجوم نفذه عناصر من تنظيم داعش على مقرات في قرية حسرات "
        "بريف مدينة البوكمال، بالإضافة إلى أسر عنصرين."
    )
    [incident] = _run(text)["incidents"]
    assert incident["type"] == "attack" and incident["actors"] == ["isis"] and incident["killed"] == 6


def test_a_clause_between_two_places_is_not_a_qualifier():
    text = "وفي طوز خورماتو، هاجم إرهابيو داعش قرية باربارا واختطفوا أربعة أشخاص."
    [incident] = _run(text)["incidents"]
    assert incident["admin1"] == "Salah al-Din"


def test_an_isis_sniper_is_the_attacker():
    text = "أفاد المصدر بأن جندياً في الجيش العراقي قتل بنيران قناص من داعش في ناحية قرة تبة شمالي ديالى."
    [incident] = _run(text)["incidents"]
    assert incident["type"] == "attack" and incident["actors"] == ["isis"] and incident["admin1"] == "Diyala"


def test_syrian_forces_named_elsewhere_are_not_actors_of_an_iraqi_operation():
    text = (
        "ونفذ الحشد الشعبي عملية أمنية أسفرت عن إلقاء القبض على قيادي داعشي خطير في صحراء الموصل، "
        "في وقت تواصل فيه قوات سوريا الديمقراطية حملاتها."
    )
    [incident] = _run(text)["incidents"]
    assert incident["admin1"] == "Nineveh" and incident["actors"] == ["iraqi_forces"]


def test_toll_of_one_attack_rising_is_an_incident_not_a_tally():
    text = (
        "ارتفعت إلى 22 قتيلاً حصيلة الهجوم العنيف الذي شنه عناصر تنظيم داعش واستهدف حافلة عسكرية "
        "قرب بلدة الطيبة في بادية حمص."
    )
    out = _run(text)
    assert out["statistics"] == [] and out["incidents"][0]["killed"] == 22


def test_operations_of_isis_members_in_a_tally_are_attacks():
    text = "وثق المرصد منذ مطلع العام مقتل 268 من قوات النظام قتلوا في 117 عملية لعناصر التنظيم في البادية."
    [stat] = _run(text)["statistics"]
    assert stat["attacks"] == 117 and stat["operations"] is None


def test_one_verb_two_places_two_results_are_two_incidents():
    text = (
        "A counterterrorism unit killed eight ISIS operatives in Anbar's Rutba and two in Lake Hamrin "
        "of Diyala."
    )
    incidents = _run(text, published="2019-08-12", language="en")["incidents"]
    assert [(i["type"], i["admin1"], i["killed"]) for i in incidents] == [
        ("raid", "Anbar", 8),
        ("raid", "Diyala", 2),
    ]
    arabic = _run("واعتقلت قوات سوريا الديمقراطية ثلاثة عناصر من داعش في البصيرة واثنين في الشحيل.")
    arabic = arabic["incidents"]
    assert [(i["place_name"], i["arrested"], i["actors"]) for i in arabic] == [
        ("البصيرة", 3, ["sdf"]),
        ("الشحيل", 2, ["sdf"]),
    ]
    # one place: one incident
    one = _run("اعتقلت قسد ثلاثة عناصر من داعش واثنين من مساعديهم في بلدة البصيرة.")["incidents"]
    assert len(one) == 1


def test_a_clause_cut_at_and_five_others_in_shares_the_verb_before_it():
    text = "A terrorist was arrested by the SDF in Markada, and five others in Hawayij, the statement said."
    incidents = _run(text, published="2021-04-19", language="en")["incidents"]
    assert [(i["place_name"], i["arrested"], i["actors"]) for i in incidents] == [
        ("Markada", 1, ["sdf"]),
        ("Hawayij", 5, ["sdf"]),
    ]
