"""Test data builders for the API tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.gis.geos import Point

from events.models import Actor, Incident
from events.search import refresh_search_text
from tests.factories import IncidentFactory, IncidentSourceFactory


def make_incident(
    *, actors: list[str] = (), targets: list[str] = (), sources: int = 0, search: bool = True, **fields: Any
) -> Incident:
    """An incident (factory defaults: raid at Dhiban, 2025-03-12), with actors, sources, search text."""
    if "date_start" in fields and "date_end" not in fields:
        fields["date_end"] = fields["date_start"]
    if "lonlat" in fields:
        lon, lat = fields.pop("lonlat")
        fields["point"] = Point(lon, lat, srid=4326)
    incident = IncidentFactory(**fields)
    if actors:
        incident.actors.set(Actor.objects.filter(slug__in=actors))
    if targets:
        incident.targets.set(Actor.objects.filter(slug__in=targets))
    for _ in range(sources):
        IncidentSourceFactory(incident=incident)
    if search:
        refresh_search_text(incident)
    return incident


def ids(response: Any) -> set[int]:
    data = response.json()
    if "features" in data:
        return {f["id"] for f in data["features"]}
    return {row["id"] for row in data["results"]}


D = date
