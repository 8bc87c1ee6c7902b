import json

from ingest.extraction.actors import ACTOR_IDS, DATA_PATH, actor_ids, display_name, find_actors
from ingest.extraction.normalise import normalise


def _ids(text: str) -> list[str]:
    return actor_ids(find_actors(normalise(text).text, include_weak=False))


def test_table_has_every_contract_id_with_names():
    table = json.loads(DATA_PATH.read_text(encoding="utf-8"))["actors"]
    assert set(table) == set(ACTOR_IDS)
    for row in table.values():
        assert row["name_en"] and row["name_ar"] and row["aliases"]


def test_sdf_and_coalition_with_clitics_and_quotes():
    assert _ids("وبدعم من التحالف الدولي نفذت «قسد» عملية") == ["coalition", "sdf"]
    assert _ids("قال مصدر للتحالف") == ["coalition"]  # لل + تحالف


def test_longest_alias_wins():
    # The Kurdistan Region's counter-terrorism service is not Iraq's federal one.
    assert _ids("جهاز مكافحة الإرهاب في إقليم كردستان") == ["peshmerga"]
    assert _ids("جهاز مكافحة الإرهاب العراقي") == ["iraqi_forces"]


def test_iraqi_units():
    assert _ids("خلية الإعلام الأمني") == ["iraqi_forces"]
    assert _ids("قطعات الحشد الشعبي والشرطة الاتحادية") == ["iraqi_forces"]


def test_syrian_government_and_asayish():
    assert _ids("قوات النظام السوري") == ["syrian_gov"]
    assert _ids("قوى الأمن الداخلي (الأسايش)") == ["asayish"]


def test_isis_unknown_and_english():
    assert _ids("هاجم مسلحون مجهولون عناصر تنظيم الدولة") == ["unknown", "isis"]
    assert _ids("The SDF and the US-led coalition arrested an ISIS suspect") == ["sdf", "coalition", "isis"]


def test_no_match_inside_a_longer_word():
    assert _ids("الحسدية") == []
    assert _ids("sdfx isisx") == []


def test_weak_victim_cues():
    mentions = find_actors(normalise("قتل شاب في القرية").text)
    assert [(m.actor, m.weak) for m in mentions] == [("civilians", True)]


def test_display_names():
    assert display_name("sdf") == "SDF"
    assert display_name("isis", "ar").startswith("تنظيم")
    assert display_name("nope") == "nope"


def test_unknown_armed_elements_in_the_feminine_and_the_dual():
    from ingest.extraction.actors import find_actors
    from ingest.extraction.normalise import normalise

    for sentence in ("شنت عناصر مسلحة مجهولة هجوما على نقطة", "أطلق مسلحان مجهولان النار على شاب"):
        assert "unknown" in [a.actor for a in find_actors(normalise(sentence).text)]
