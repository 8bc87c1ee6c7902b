"""Model constraints hold at the database level, whatever code path writes."""

from datetime import date

import pytest
from django.contrib.gis.geos import Point
from django.db import IntegrityError, transaction

from events.models import Incident
from ingest.models import Article
from tests.factories import ArticleFactory, IncidentFactory, IncidentSourceFactory

pytestmark = pytest.mark.django_db


def test_duplicate_content_hash_rejected():
    first = ArticleFactory(text="نص أول")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(text="نص ثان", content_hash=first.content_hash)


def test_duplicate_url_rejected_but_many_articles_without_url_allowed():
    ArticleFactory(url="https://example.org/a")
    ArticleFactory(url=None)
    ArticleFactory(url=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url="https://example.org/a")
    assert Article.objects.filter(url__isnull=True).count() == 2


@pytest.mark.parametrize("lon,lat", [(200.0, 35.0), (40.0, -95.0), (-181.0, 0.0)])
def test_invalid_coordinates_rejected(lon, lat):
    with pytest.raises(IntegrityError), transaction.atomic():
        IncidentFactory(point=Point(lon, lat, srid=4326))


def test_valid_and_missing_coordinates_accepted():
    assert IncidentFactory(point=Point(40.1, 35.3, srid=4326)).pk
    assert IncidentFactory(point=None).pk


@pytest.mark.parametrize(
    "field,value",
    [("type", "picnic"), ("status", "deleted"), ("confidence", 1.5), ("confidence", -0.1)],
)
def test_enum_and_range_constraints(field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        IncidentFactory(**{field: value})


def test_date_end_before_start_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        IncidentFactory(date_start=date(2025, 3, 12), date_end=date(2025, 3, 1))


def test_merged_incident_needs_target():
    with pytest.raises(IntegrityError), transaction.atomic():
        IncidentFactory(status=Incident.Status.MERGED, merged_into=None)


def test_one_source_row_per_article_and_incident():
    source = IncidentSourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        IncidentSourceFactory(incident=source.incident, article=source.article)


def test_history_records_changes():
    incident = IncidentFactory(killed=1)
    incident.killed = 3
    incident.save()
    records = list(incident.history.order_by("history_id"))
    assert [r.killed for r in records] == [1, 3]
