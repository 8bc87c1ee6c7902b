"""Query counts of the list endpoints stay flat as rows are added (no N+1).

Each test measures a small and a larger data set under the same bound: a query per row
would break the bound on the larger one. (Incidents list, GeoJSON, detail and CSV are in
test_incident_read.py and test_formats.py.)
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from rest_framework.test import APIClient

from events import services
from events.models import Incident, Statistic
from ingest.models import Feed
from tests.api.helpers import make_incident
from tests.factories import ArticleFactory, IncidentSourceFactory, OutletFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def _flat(client: APIClient, url: str, grow, bound: int, assert_max, **params):  # noqa: ANN001, ANN003
    """GET url after grow(3) and after grow(12) more, each within ``bound`` queries; returns the last body."""
    grow(3)
    with assert_max(bound):
        first = client.get(url, params)
    assert first.status_code == 200, first.content
    grow(12)
    with assert_max(bound):
        second = client.get(url, params)
    assert second.status_code == 200, second.content
    return first.json(), second.json()


def _results(body):  # noqa: ANN001, ANN202
    return body["results"] if isinstance(body, dict) and "results" in body else body


def test_articles(as_analyst, django_assert_max_num_queries):
    def grow(n: int) -> None:
        for _ in range(n):
            article = ArticleFactory(outlet=OutletFactory())
            for _ in range(2):
                IncidentSourceFactory(article=article)

    # role, count, rows (+outlet), prefetched incident sources
    small, big = _flat(as_analyst, "/api/v1/articles/", grow, 4, django_assert_max_num_queries)
    assert big["count"] == 15
    assert all(row["outlet"] and len(row["incidents"]) == 2 for row in big["results"])


def test_statistics(as_analyst, django_assert_max_num_queries):
    def grow(n: int) -> None:
        for i in range(n):
            Statistic.objects.create(
                article=ArticleFactory(outlet=OutletFactory()),
                period_start=date(2025, 1, 1) + timedelta(days=i),
                period_end=date(2025, 6, 30),
                reporter="CENTCOM",
                operations=10 + i,
                evidence="نفذت القوات 153 عملية",
            )

    # role, count, rows (+article +outlet)
    _, big = _flat(as_analyst, "/api/v1/statistics/", grow, 3, django_assert_max_num_queries)
    assert big["count"] == 15
    assert all(row["article"]["outlet"]["name"] for row in big["results"])


def test_places(as_analyst, django_assert_max_num_queries):
    from ingest.extraction.normalise import normalise_word

    counter = iter(range(1000))

    def grow(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            PlaceFactory(
                name_ar=f"ذيبان {i}", name_en=f"Dhiban {i}", population=1000 + i,
                search_text=f"{normalise_word('ذيبان')} {i} | dhiban {i}",
            )  # fmt: skip

    # role, candidates (one query, whatever the number of matches)
    _, big = _flat(as_analyst, "/api/v1/places/", grow, 2, django_assert_max_num_queries, q="ذيبان")
    assert len(big) == 15


def test_actors(as_analyst, django_assert_max_num_queries):
    def grow(n: int) -> None:
        for _ in range(n):
            make_incident(actors=["sdf", "coalition"], targets=["isis"], search=False)

    # role, actors with their counts
    _, big = _flat(as_analyst, "/api/v1/actors/", grow, 2, django_assert_max_num_queries)
    counts = {row["slug"]: row["incidents_count"] for row in big}
    assert counts["sdf"] == 15 and counts["coalition"] == 15 and len(big) > 3


def test_feeds(as_admin, django_assert_max_num_queries):
    counter = iter(range(1000))

    def grow(n: int) -> None:
        for _ in range(n):
            Feed.objects.create(url=f"https://news{next(counter)}.example/rss", outlet=OutletFactory())

    # role, count, rows (+outlet)
    _, big = _flat(as_admin, "/api/v1/feeds/", grow, 3, django_assert_max_num_queries)
    assert big["count"] == 15
    assert all(row["outlet"] for row in big["results"])


def test_incident_history(as_analyst, editor, django_assert_max_num_queries):
    incident = make_incident(actors=["sdf"], search=False)
    version = [incident.version]

    def grow(n: int) -> None:
        for i in range(n):
            actors = ["sdf", "coalition"] if i % 2 else ["sdf"]
            services.correct_incident(
                incident.pk, user=editor, changes={"killed": i, "actors": actors},
                expected_version=version[0], reason=f"fix {i}",
            )  # fmt: skip
            version[0] += 1

    url = f"/api/v1/incidents/{incident.pk}/history/"
    # role, incident, history rows (+user), actor vocabulary, the actors/targets history of
    # every record (prefetched: 2 queries, not 2 per record)
    _, big = _flat(as_analyst, url, grow, 6, django_assert_max_num_queries)
    assert len(big) == 2 + 15  # created, actors set, 15 corrections
    assert big[0]["reason"] == "fix 11" and big[0]["user"] == "editor1"
    fields = {c["field"] for c in big[0]["changes"]}
    assert {"killed", "actors"} <= fields


def test_tombstones(as_analyst, editor, django_assert_max_num_queries):
    def grow(n: int) -> None:
        for i in range(n):
            if i % 2:
                target, dup = make_incident(search=False), make_incident(search=False)
                services.merge_incidents(target.pk, [dup.pk], user=editor, reason="same raid")
            else:
                inc = make_incident(search=False)
                services.transition_status(inc.pk, Incident.Status.REJECTED, user=editor, reason="not ISIS")

    # role, count, rows
    _, big = _flat(as_analyst, "/api/v1/incidents/deleted/", grow, 3, django_assert_max_num_queries)
    assert big["count"] == 15
    assert {row["status"] for row in big["results"]} == {"rejected", "merged"}


def test_aggregates(as_analyst, django_assert_max_num_queries):
    counter = iter(range(1000))

    def grow(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            make_incident(
                type=["raid", "airstrike", "clash"][i % 3], governorate=["Deir ez-Zor", "Ar-Raqqah"][i % 2],
                date_start=date(2025, 1, 6) + timedelta(days=3 * i), killed=1, search=False,
            )  # fmt: skip
        make_incident(date_start=None, date_end=None, search=False)

    # role, buckets, undated count
    _, big = _flat(
        as_analyst, "/api/v1/aggregates/", grow, 3, django_assert_max_num_queries, group_by="type,governorate"
    )
    assert sum(b["count"] for b in big["buckets"]) == 15 and big["undated"] == 2
    assert len(big["buckets"]) > 10
