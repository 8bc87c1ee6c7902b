"""Write paths: recording extractions, merging sources, editor corrections."""

import pytest
from django.core.exceptions import ValidationError

from events import services
from events.models import Incident, IncidentSource, Statistic
from tests.factories import ArticleFactory, IncidentFactory, IncidentSourceFactory

pytestmark = pytest.mark.django_db


def extracted(**overrides):
    incident = {
        "type": "raid",
        "subtype": "airborne_raid",
        "date": "2025-03-12",
        "date_precision": "day",
        "place_name": "ذيبان",
        "admin1": "Deir ez-Zor",
        "lat": 35.02,
        "lon": 40.52,
        "geo_precision": "exact",
        "actors": ["sdf", "coalition"],
        "targets": ["isis"],
        "arrested": 2,
        "killed": None,
        "injured": None,
        "persons": ["أبو عمر"],
        "evidence": "نفذت قسد والتحالف إنزالا جويا في ذيبان واعتقلت شخصين.",
        "evidence_start": 0,
        "evidence_end": 50,
        "confidence": 0.8,
    }
    incident.update(overrides)
    return incident


def result(*incidents, statistics=()):
    return {"article_id": "x", "incidents": list(incidents), "statistics": list(statistics)}


def test_record_extraction_creates_incident_with_source_and_actors():
    article = ArticleFactory()
    [incident] = services.record_extraction(article, result(extracted()), "v1")
    assert incident.type == "raid"
    assert incident.point.y == pytest.approx(35.02)
    assert sorted(incident.actors.values_list("slug", flat=True)) == ["coalition", "sdf"]
    assert list(incident.targets.values_list("slug", flat=True)) == ["isis"]
    source = incident.sources.get()
    assert source.article == article and source.claimed_arrested == 2 and source.evidence_end == 50


def test_optional_incidents_and_statistics():
    article = ArticleFactory()
    stats = [
        {
            "period_start": "2025-01-01",
            "period_end": "2025-06-30",
            "operations": 153,
            "killed": 44,
            "reporter": "sdf",
            "region": "Syria",
            "evidence": "153 عملية",
        }
    ]
    incidents = services.record_extraction(article, result(extracted(optional=True), statistics=stats))
    assert incidents == [] and Incident.objects.count() == 0
    stat = Statistic.objects.get()
    assert (stat.operations, stat.killed, stat.arrested) == (153, 44, None)


def test_same_event_from_two_outlets_is_one_incident_with_two_sources():
    first, second = ArticleFactory(), ArticleFactory()
    services.record_extraction(first, result(extracted(arrested=2)))
    services.record_extraction(second, result(extracted(arrested=3, lat=35.03, lon=40.53, date="2025-03-13")))
    incident = Incident.objects.get()
    assert incident.sources.count() == 2
    assert incident.arrested == 3  # best = highest claim
    assert incident.needs_review  # the claims disagree
    assert services.count_range(incident, "arrested") == (3, 2, 3)


@pytest.mark.parametrize(
    "other",
    [
        {"date": "2025-03-20"},  # a week later
        {"lat": 36.0, "lon": 40.5, "place_name": "مكان آخر"},  # over 100 km away
        {"type": "attack"},  # another type group
        {"date": None, "date_precision": None},  # undated: never auto-merged
    ],
)
def test_different_events_are_not_merged(other):
    services.record_extraction(ArticleFactory(), result(extracted()))
    services.record_extraction(ArticleFactory(), result(extracted(**other)))
    assert Incident.objects.count() == 2


def test_reextraction_is_idempotent():
    article = ArticleFactory()
    services.record_extraction(article, result(extracted()))
    services.record_extraction(article, result(extracted()))
    assert Incident.objects.count() == 1 and IncidentSource.objects.count() == 1


def test_reextraction_keeps_editor_corrections_and_flags_disagreement(editor):
    article = ArticleFactory()
    [incident] = services.record_extraction(article, result(extracted(killed=1)))
    services.correct_incident(
        incident.pk,
        user=editor,
        changes={"killed": 4},
        expected_version=incident.version,
        reason="per CENTCOM",
    )
    services.record_extraction(article, result(extracted(killed=2, injured=5)), "v2")
    incident.refresh_from_db()
    assert incident.killed == 4  # locked by the editor
    assert incident.injured == 5  # unlocked field updated
    assert incident.needs_review
    assert "killed" in incident.locked_fields


def test_reextraction_that_no_longer_finds_an_incident_rejects_it():
    article = ArticleFactory()
    services.record_extraction(article, result(extracted()))
    services.record_extraction(article, result())
    incident = Incident.objects.get()
    assert incident.status == Incident.Status.REJECTED
    assert not incident.sources.exists()


def test_correction_is_audited_with_user_reason_and_old_value(editor):
    incident = IncidentFactory(killed=1)
    services.correct_incident(
        incident.pk, user=editor, changes={"killed": 3}, expected_version=1, reason="fix"
    )
    latest, previous = incident.history.order_by("-history_id")[:2]
    assert latest.history_user == editor and latest.history_change_reason == "fix"
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "killed"] == [("killed", 1, 3)]


def test_concurrent_edit_is_refused(editor):
    incident = IncidentFactory()
    services.correct_incident(incident.pk, user=editor, changes={"killed": 1}, expected_version=1)
    with pytest.raises(services.ConcurrentEditError, match="changed by someone else"):
        services.correct_incident(incident.pk, user=editor, changes={"killed": 2}, expected_version=1)
    incident.refresh_from_db()
    assert incident.killed == 1


def test_unknown_fields_cannot_be_edited(editor):
    incident = IncidentFactory()
    with pytest.raises(ValidationError):
        services.correct_incident(
            incident.pk, user=editor, changes={"status": "verified"}, expected_version=1
        )


def test_status_transitions(editor):
    incident = IncidentFactory()
    services.transition_status(incident.pk, "reviewed", user=editor)
    services.transition_status(incident.pk, "verified", user=editor)
    with pytest.raises(services.TransitionError):
        services.transition_status(incident.pk, "new", user=editor)  # verified -> new not allowed
    with pytest.raises(services.TransitionError, match="reason"):
        services.transition_status(incident.pk, "rejected", user=editor)
    services.transition_status(incident.pk, "rejected", user=editor, reason="not ISIS-related")
    incident.refresh_from_db()
    assert incident.status == "rejected" and incident.status_reason == "not ISIS-related"


def test_merge_and_split(editor):
    a = IncidentSourceFactory(claimed_killed=2).incident
    b = IncidentSourceFactory(claimed_killed=3, incident=IncidentFactory(killed=3)).incident
    services.merge_incidents(a.pk, [b.pk], user=editor, reason="same ambush")
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.status == "merged" and b.merged_into == a
    assert a.sources.count() == 2 and a.killed == 3
    moved = a.sources.get(claimed_killed=3)
    new = services.split_source(moved.pk, user=editor, reason="different day")
    assert new.sources.get() == moved
    assert a.sources.count() == 1


def test_make_point_validates():
    assert services.make_point(None, 40) is None
    with pytest.raises(ValidationError):
        services.make_point(95, 40)
    with pytest.raises(ValidationError):
        services.make_point("abc", 40)
