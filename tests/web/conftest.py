"""Web UI test setup: Arabic default, npm static files, a small incident data set."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.contrib.gis.geos import Point
from django.test import override_settings

from events.models import Actor, Incident
from ops_tracker.static_deps import NPM_STATICFILES_DIRS
from tests.factories import ArticleFactory, IncidentFactory, IncidentSourceFactory, PlaceFactory

XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="package", autouse=True)
def web_settings() -> Iterator[None]:
    """Arabic as the default language and the npm front-end libraries served by the
    finders (until settings.py adds ops_tracker.static_deps). Plain HTTP and
    finder-served static files come from tests/conftest.py."""
    from django.conf import settings

    present = {str(d[1] if isinstance(d, tuple) else d) for d in settings.STATICFILES_DIRS}
    extra = [d for d in NPM_STATICFILES_DIRS if str(d[1]) not in present]
    override = override_settings(LANGUAGE_CODE="ar", STATICFILES_DIRS=[*settings.STATICFILES_DIRS, *extra])
    override.enable()
    yield
    override.disable()


@pytest.fixture
def dataset(db: Any) -> dict[str, Any]:
    """A handful of incidents of several types over three weeks, one with hostile text."""
    sdf = Actor.objects.get_or_create(slug="sdf", defaults={"name_en": "SDF", "name_ar": "قسد"})[0]
    isis = Actor.objects.get_or_create(slug="isis", defaults={"name_en": "ISIS", "name_ar": "داعش"})[0]
    place = PlaceFactory(name_ar="ذيبان", name_en="Dhiban")
    text = f"مقدمة الخبر. نفذت قوات سوريا الديمقراطية مداهمة في بلدة ذيبان {XSS} واعتقلت شخصين. نهاية الخبر."
    evidence = f"نفذت قوات سوريا الديمقراطية مداهمة في بلدة ذيبان {XSS}"
    start = text.index(evidence)
    article = ArticleFactory(title=f"مداهمة في ذيبان {XSS}", text=text, url="https://news.example/a1")
    main = IncidentFactory(
        type=Incident.Type.RAID,
        date_start=date(2025, 3, 12),
        date_end=date(2025, 3, 12),
        place=place,
        place_name=f"ذيبان {XSS}",
        summary_en=f"SDF raid in Dhiban {XSS}",
        summary_ar="مداهمة في ذيبان",
        arrested=2,
        confidence=0.8,
        persons=["أبو محمد"],
    )
    main.actors.add(sdf)
    main.targets.add(isis)
    IncidentSourceFactory(
        incident=main,
        article=article,
        evidence=evidence,
        evidence_start=start,
        evidence_end=start + len(evidence),
        claimed_arrested=2,
    )
    others = []
    specs = [
        (Incident.Type.AIRSTRIKE, date(2025, 3, 3), (40.14, 34.45), "الباغوز", "Deir ez-Zor", "exact"),
        (Incident.Type.SWEEP, date(2025, 3, 5), (39.01, 35.95), "الرقة", "Ar-Raqqah", "district"),
        (Incident.Type.CLASH, date(2025, 3, 14), (40.75, 36.5), "الحسكة", "Al-Hasakah", "governorate"),
        (Incident.Type.ATTACK, date(2025, 3, 20), (43.13, 36.34), "الموصل", "Ninewa", "exact"),
        (Incident.Type.RAID, date(2025, 3, 21), (40.6, 35.1), "الشحيل", "Deir ez-Zor", "exact"),
        (Incident.Type.ATTACK, date(2025, 3, 24), (44.39, 33.31), "بغداد", "Baghdad", "exact"),
    ]
    for kind, day, (lon, lat), name, gov, precision in specs:
        incident = IncidentFactory(
            type=kind,
            date_start=day,
            date_end=day,
            point=Point(lon, lat, srid=4326),
            place_name=name,
            governorate=gov,
            geo_precision=precision,
            killed=3 if kind == Incident.Type.AIRSTRIKE else None,
        )
        incident.actors.add(sdf if kind != Incident.Type.ATTACK else isis)
        IncidentSourceFactory(incident=incident, evidence=f"خبر عن {name}")
        others.append(incident)
    rejected = IncidentFactory(
        status=Incident.Status.REJECTED,
        place_name="مرفوض",
        date_start=date(2025, 3, 15),
        date_end=date(2025, 3, 15),
    )
    return {"main": main, "others": others, "rejected": rejected, "article": article, "place": place}
