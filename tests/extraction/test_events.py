from ingest.extraction.events import find_persons, find_seized, find_triggers
from ingest.extraction.normalise import normalise


def _triggers(text: str) -> list[tuple[str, str | None]]:
    return [(t.type, t.subtype) for t in find_triggers(normalise(text).text)]


def _persons(text: str) -> list[str]:
    nt = normalise(text)
    return [nt.original_span(s, e) for s, e in find_persons(nt, 0, len(nt.text))]


def test_raid_subtypes():
    assert ("raid", "airborne_raid") in _triggers("نفذت القوات عملية إنزال جوي في القرية")
    assert ("raid", "cell_dismantled") in _triggers("أعلنت تفكيك خلية إرهابية")
    assert ("raid", "foiled_plot") in _triggers("وأحبطت القوات مخططا")
    assert ("raid", None) in _triggers("واعتقلت الدورية ثلاثة مطلوبين")


def test_airstrike_sweep_clash():
    assert ("airstrike", None) in _triggers("استهدفت طائرة مسيرة سيارة")
    assert ("airstrike", None) in _triggers("نفذت غارة على وكر")
    assert ("sweep", None) in _triggers("أطلقت حملة تمشيط في البادية")
    assert ("clash", None) in _triggers("اندلعت اشتباكات عنيفة")


def test_attack_subtypes():
    assert ("attack", "assassination") in _triggers("اغتال مسلحون مختار القرية")
    assert ("attack", "ied") in _triggers("انفجرت عبوة ناسفة بدورية")
    assert ("attack", "ambush") in _triggers("نصب عناصر التنظيم كمينا")
    assert ("attack", "suicide") in _triggers("فجر انتحاري حزاما ناسفا")
    assert ("attack", "prison_attack") in _triggers("شن التنظيم هجوما على سجن المدينة")


def test_english_triggers():
    assert ("raid", "airborne_raid") in _triggers("during a helicopter raid in eastern Syria")
    assert ("attack", "ambush") in _triggers("militants ambushed a patrol")


def test_dawn_is_not_a_bombing():
    assert _triggers("نفذت القوات فجر الأحد عملية مداهمة") == [("raid", None)]


def test_named_after_cue_and_joined_names():
    assert _persons("اعتقال أحد قادة التنظيم ويدعى “خالد الحمود”") == ["خالد الحمود"]
    assert _persons("استهدف المسلحون عنصرينا أحمد الخلف وعلي الحسن قرب السوق") == ["أحمد الخلف", "علي الحسن"]


def test_appositive_name_after_role():
    assert _persons("أسفرت عن اعتقال القيادي في التنظيم، محمود سالم العلي، الذي فر سابقا") == [
        "محمود سالم العلي"
    ]


def test_spokesman_is_not_a_person_of_the_event():
    assert _persons("وقال محمد العبدالله، المتحدث باسم القوات، إن العملية نجحت") == []


def test_role_words_are_not_names():
    assert _persons("وقال إن التنظيم الإرهابي يواصل تحركاته في البادية") == []


def test_english_names_after_capture():
    text = (
        "The raid led to the capture of Omar Khalid al-Ahmad, an ISIS official; "
        "and Zaid Omar al-Ahmad, his aide."
    )
    assert _persons(text) == ["Omar Khalid al-Ahmad", "Zaid Omar al-Ahmad"]


def test_seized_items():
    nt = normalise("وتمت مصادرة أسلحة وذخائر وأحزمة ناسفة وأجهزة اتصال وهواتف")
    assert find_seized(nt.text, 0, len(nt.text)) == [
        "explosive belts",
        "ammunition",
        "weapons",
        "communication devices",
        "phones",
    ]


def test_no_seizure_without_cue():
    nt = normalise("الخلية كانت تهرب الأسلحة")
    assert find_seized(nt.text, 0, len(nt.text)) == []


def test_nickname_of_a_named_person_is_not_a_second_person():
    assert _persons('اعتقلت القوات شخصا يدعى "حسين العلي" ويلقب بـ"أبو عمر"') == ["حسين العلي"]
    assert _persons("اعتقال الإرهابي الملقب أبو دجانة العراقي") == ["أبو دجانة العراقي"]


def test_victim_nouns_and_wider_given_names_mark_persons():
    from ingest.extraction.events import find_persons
    from ingest.extraction.normalise import normalise

    nt = normalise("قتل المدني سعيد الحسين برصاص مجهولين، وأصيب الشاب رمضان العلي بجروح.")
    names = [nt.text[s:e] for s, e in find_persons(nt, 0, len(nt.text))]
    assert names == ["سعيد الحسين", "رمضان العلي"]


def test_closing_quote_ends_a_name_and_english_identifying_cue():
    from ingest.extraction.events import find_persons
    from ingest.extraction.normalise import normalise

    for sentence, expected in (
        ('استهدفت الغارة القيادي "ابو وهاب" يحمل الجنسية العراقية', ["ابو وهاب"]),
        ("the command said, identifying him as Jassim al-Mazrouei.", ["jassim al-mazrouei"]),
    ):
        nt = normalise(sentence)
        assert [nt.text[s:e] for s, e in find_persons(nt, 0, len(nt.text))] == expected


def test_dahm_masdar_is_a_raid_trigger():
    from ingest.extraction.events import find_triggers
    from ingest.extraction.normalise import normalise

    text = normalise("قتل شخص خلال عملية دهم مشتركة لقسد والتحالف في ريف دير الزور").text
    assert [t.type for t in find_triggers(text) if t.type == "raid"] == ["raid"]
