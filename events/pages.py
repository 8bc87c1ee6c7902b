"""What the analyst pages show, built from the models (the views stay thin).

Nothing here renders HTML: templates escape every value. Helpers return plain
data so they can be tested without a request.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db.models import F, Func, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from .models import Actor, Incident, IncidentSource, Place, Statistic
from .services import COUNT_FIELDS, count_range
from .transliterate import LEXICON, transliterate

BOUNDARIES_FILE = Path(settings.BASE_DIR) / "data" / "gazetteer" / "admin1_sy_iq.geojson"

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
TYPE_COLOURS: dict[str, str] = {
    "raid": "#0072B2",
    "airstrike": "#D55E00",
    "sweep": "#009E73",
    "clash": "#E69F00",
    "attack": "#CC79A7",
    "other": "#6B6B6B",
}
# Radius (metres) of the uncertainty circle drawn around an imprecise location.
PRECISION_RADIUS_M: dict[str, int] = {"district": 15_000, "governorate": 60_000, "region": 120_000}


def place_latin(name_ar: str, place: Place | None = None) -> str:
    """The Latin-script name shown beside an Arabic place name."""
    if place is not None and place.name_en:
        return place.name_en
    return transliterate(name_ar)


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) link, else None (no javascript: links from data)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


# --- Map dashboard -------------------------------------------------------------------


_GOVERNORATE_ALIASES = {
    "rural damascus": "rif dimashq",
    "damascus countryside": "rif dimashq",
    "nineveh": "ninewa",
    "ninawa": "ninewa",
    "salahuddin": "salah al-din",
    "salah ad din": "salah al-din",
    "saladin": "salah al-din",
    "thi qar": "dhi qar",
    "al-qadisiyah": "al-qadissiya",
    "qadisiyah": "al-qadissiya",
    "diwaniyah": "al-qadissiya",
    "babylon": "babil",
    "arbil": "erbil",
    "irbil": "erbil",
}


def governorate_key(name: str | None) -> str:
    """A spelling-insensitive key for a governorate name: "Ar-Raqqah", "Ar-Raqqa"
    and "Raqqa" share one (the boundaries file and the extractor spell them differently)."""
    text = re.sub(r"\s+governorate$", "", (name or "").strip().lower())
    text = _GOVERNORATE_ALIASES.get(text, text)
    text = re.sub(r"^(al|ar|as|ad|an|ash|at|az|el)[- ]", "", text)
    text = re.sub(r"[^a-z]", "", text)
    text = re.sub(r"(.)\1+", r"\1", text)  # doubled letters
    text = re.sub(r"h$", "", text)
    return text[:1] + re.sub(r"[aeiouyw]", "", text[1:]) if text else ""


@lru_cache(maxsize=1)
def boundaries_geojson() -> bytes:
    """The bundled governorate polygons as served to the map, each tagged with
    ``key`` (governorate_key) so incidents' governorate names find their outline."""
    data = json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))
    for feature in data.get("features", []):
        props = feature.setdefault("properties", {})
        props["key"] = governorate_key(props.get("admin1_en"))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@lru_cache(maxsize=1)
def _boundary_names() -> dict[str, tuple[str, str]]:
    """governorate_key -> (English name, Arabic name) of every bundled governorate."""
    data = json.loads(boundaries_geojson())
    return {
        f["properties"]["key"]: (f["properties"].get("admin1_en", ""), f["properties"].get("admin1_ar", ""))
        for f in data["features"]
    }


def governorate_arabic(name: str | None) -> str:
    """The Arabic name of a governorate from the bundled layer ('' when unknown)."""
    return _boundary_names().get(governorate_key(name), ("", ""))[1] if name else ""


def governorate_options() -> list[dict[str, str]]:
    """The governorate names incidents use (the filter matches them exactly), each
    with its Arabic name and boundary key when the bundled layer has it."""
    names = (
        Incident.objects.exclude(governorate="")
        .values_list("governorate", flat=True)
        .distinct()
        .order_by("governorate")[:300]
    )
    boundary = _boundary_names()
    options = []
    for name in names:
        key = governorate_key(name)
        options.append(
            {"value": name, "ar": boundary.get(key, ("", ""))[1], "key": key if key in boundary else ""}
        )
    return options


def leaflet_options() -> dict[str, Any]:
    """django-leaflet's map options (tiles, centre, zoom from settings.LEAFLET_CONFIG),
    passed to ``L.Map.djangoMap`` by our own script: its inline-script tag is not
    allowed by the Content-Security-Policy."""
    from leaflet.templatetags.leaflet_tags import leaflet_map

    return json.loads(leaflet_map("map")["djoptions"])


def ui_strings() -> dict[str, str]:
    """Translated words the map scripts put on screen."""
    return {
        "sources": _("sources"),
        "source": _("source"),
        "confidence": _("confidence"),
        "open": _("Open incident page"),
        "killed": _("killed"),
        "arrested": _("arrested"),
        "injured": _("injured"),
        "actors": _("Actors"),
        "precision": _("location precision"),
        "precision_date": _("date precision"),
        "unmapped": _("%(count)s without a location are not on the map"),
        "loading": _("Loading…"),
        "failed": _("Could not load the data. Check your connection and try again."),
        "invalid": _("A filter is not valid:"),
        "play": _("Play"),
        "pause": _("Pause"),
        "page": _("Page %(page)s of %(pages)s"),
        "showOnMap": _("Show on map"),
        "governorates": _("Governorate boundaries"),
        "uncertainty": _("Location uncertainty"),
        "incidents": _("Incidents"),
        "boundaryAttribution": _("Boundaries: OCHA COD-AB / OpenSyria"),
        "placesAttribution": _("Places: GeoNames, OpenStreetMap"),
        "undated": _("%(count)s undated"),
        "noData": _("No dated incidents for these filters."),
        "total": _("total"),
        "brushHelp": _(
            "Timeline selection: arrow keys move it one period, "
            "Shift+arrows change its length, Escape clears it."
        ),
    }


def dashboard_context() -> dict[str, Any]:
    actors = list(Actor.objects.order_by("name_en").values("slug", "name_en", "name_ar"))
    governorates = governorate_options()
    known_places = dict(
        Incident.objects.exclude(place__isnull=True)
        .exclude(place__name_en="")
        .values_list("place_name", "place__name_en")
        .distinct()[:5000]
    )
    return {
        "types": [(value, label, TYPE_COLOURS[value]) for value, label in Incident.Type.choices],
        "statuses": Incident.Status.choices,
        "actors": actors,
        "governorates": governorates,
        "ui_strings": ui_strings(),
        "translit_lexicon": LEXICON,
        "leaflet_options": leaflet_options(),
        "map_config": {
            "typeColours": TYPE_COLOURS,
            "typeLabels": {value: str(label) for value, label in Incident.Type.choices},
            "statusLabels": {value: str(label) for value, label in Incident.Status.choices},
            "datePrecisionLabels": {value: str(label) for value, label in Incident.DatePrecision.choices},
            "precisionLabels": {value: str(label) for value, label in Incident.geo_precision.field.choices},
            "precisionRadius": PRECISION_RADIUS_M,
            "actorNames": {a["slug"]: a for a in actors},
            "knownPlaces": known_places,
            "governorateKeys": {o["value"]: o["key"] for o in governorates if o["key"]},
            "governorateAr": {o["value"]: o["ar"] for o in governorates if o["ar"]},
        },
    }


# --- Incident page --------------------------------------------------------------------


@dataclass
class EvidenceSplit:
    """An article's text cut around the evidence span: render ``match`` in <mark>."""

    before: str
    match: str
    after: str
    located: bool


def split_evidence(
    text: str, evidence: str = "", start: int | None = None, end: int | None = None
) -> EvidenceSplit:
    """Cut ``text`` at the evidence offsets; when they are missing or out of range,
    find the evidence string in the text; failing that, nothing is highlighted."""
    text = text or ""
    if start is not None and end is not None and 0 <= start < end <= len(text):
        return EvidenceSplit(text[:start], text[start:end], text[end:], True)
    if evidence:
        index = text.find(evidence)
        if index >= 0:
            stop = index + len(evidence)
            return EvidenceSplit(text[:index], text[index:stop], text[stop:], True)
    return EvidenceSplit(text, "", "", False)


@dataclass
class SourceView:
    source: IncidentSource
    evidence: EvidenceSplit
    url: str | None
    claims: list[tuple[str, int | None]] = field(default_factory=list)


def incident_queryset() -> QuerySet[Incident]:
    return Incident.objects.select_related("place", "merged_into").prefetch_related(
        "actors",
        "targets",
        Prefetch(
            "sources", IncidentSource.objects.select_related("article__outlet").order_by("created_at", "id")
        ),
    )


def source_views(incident: Incident) -> list[SourceView]:
    views = []
    for source in incident.sources.all():
        article = source.article
        views.append(
            SourceView(
                source=source,
                evidence=split_evidence(
                    article.text, source.evidence, source.evidence_start, source.evidence_end
                ),
                url=safe_url(article.url),
                claims=[
                    (_("arrested"), source.claimed_arrested),
                    (_("killed"), source.claimed_killed),
                    (_("injured"), source.claimed_injured),
                ],
            )
        )
    return views


def count_rows(incident: Incident) -> list[dict[str, Any]]:
    """Best count and the range the sources claim, per count field."""
    labels = {"arrested": _("arrested"), "killed": _("killed"), "injured": _("injured")}
    rows = []
    for name in COUNT_FIELDS:
        best, low, high = count_range(incident, name)
        rows.append({"field": name, "label": labels[name], "best": best, "low": low, "high": high})
    return rows


def _format_value(name: str, value: Any, actor_names: dict[int, str], place_names: dict[int, str]) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if name in ("actors", "targets") and isinstance(value, list):
        ids = [row.get("actor") for row in value if isinstance(row, dict)]
        return ", ".join(sorted(actor_names.get(i, str(i)) for i in ids)) or "—"
    if name == "place":
        return place_names.get(value, str(value))
    if isinstance(value, GEOSGeometry) or name == "point":
        try:
            geom = value if isinstance(value, GEOSGeometry) else GEOSGeometry(value)
            return f"{geom.y:.4f}, {geom.x:.4f}"
        except (ValueError, TypeError, AttributeError):
            return str(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def incident_history(incident: Incident) -> list[dict[str, Any]]:
    """The audit trail, newest first: who, when, why, and each field old -> new."""
    records = list(incident.history.select_related("history_user").order_by("history_date", "history_id"))
    diffs = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [(c.field, c.old, c.new) for c in delta.changes if c.field not in ("version",)]
        diffs.append((record, changes))
        previous = record
    actor_ids: set[int] = set()
    place_ids: set[int] = set()
    for _record, changes in diffs:
        for name, old, new in changes:
            for value in (old, new):
                if name in ("actors", "targets") and isinstance(value, list):
                    actor_ids.update(r.get("actor") for r in value if isinstance(r, dict))
                elif name == "place" and value:
                    place_ids.add(value)
    actor_names = dict(Actor.objects.filter(pk__in=actor_ids).values_list("pk", "name_en"))
    place_names = {p.pk: str(p) for p in Place.objects.filter(pk__in=place_ids)}
    verbose = {f.name: str(getattr(f, "verbose_name", f.name)) for f in Incident._meta.get_fields()}
    entries = []
    for record, changes in diffs:
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "kind": record.history_type,
                "reason": record.history_change_reason or "",
                "changes": [
                    {
                        "field": verbose.get(name, name),
                        "old": _format_value(name, old, actor_names, place_names),
                        "new": _format_value(name, new, actor_names, place_names),
                    }
                    for name, old, new in changes
                ],
            }
        )
    entries.reverse()
    return entries


def context_query(incident: Incident, days: int = 7) -> str:
    """Dashboard query string for what happened around the incident: the same
    governorate, a week either side."""
    params: dict[str, str] = {}
    if incident.governorate:
        params["governorate"] = incident.governorate
    if incident.date_start:
        params["date_after"] = (incident.date_start - timedelta(days=days)).isoformat()
        params["date_before"] = (
            (incident.date_end or incident.date_start) + timedelta(days=days)
        ).isoformat()
    return urlencode(params)


def review_url(incident: Incident) -> str | None:
    """The editor's review page for the incident, when the review app serves one."""
    try:
        return reverse("review:edit", args=[incident.pk])
    except NoReverseMatch:
        return None


def incident_map_data(incident: Incident) -> dict[str, Any]:
    return {
        "lat": incident.latitude,
        "lon": incident.longitude,
        "type": incident.type,
        "colour": TYPE_COLOURS.get(incident.type, TYPE_COLOURS["other"]),
        "precision": incident.geo_precision,
        "radius": PRECISION_RADIUS_M.get(incident.geo_precision),
        "governorate": incident.governorate,
        "governorateKey": governorate_key(incident.governorate),
    }


# --- Statistics -------------------------------------------------------------------------

STAT_METRICS = ("operations", "killed", "arrested", "attacks")


def statistics_rows(reporter: str = "", region: str = "") -> list[Statistic]:
    """Tallies, oldest first, each annotated with ``recorded``: how many incidents
    (rejected and merged left out) OpsTracker holds for the same period, to judge
    how complete the incident record is."""
    recorded = (
        Incident.objects.filter(
            date_start__gte=OuterRef("period_start"), date_start__lte=OuterRef("period_end")
        )
        .exclude(status__in=[Incident.Status.REJECTED, Incident.Status.MERGED])
        .order_by()
        .annotate(n=Func(F("id"), function="COUNT"))
        .values("n")
    )
    qs = (
        Statistic.objects.select_related("article__outlet")
        .annotate(recorded=Subquery(recorded, output_field=IntegerField()))
        .order_by("period_start", "period_end", "id")
    )
    if reporter:
        qs = qs.filter(reporter=reporter)
    if region:
        qs = qs.filter(region=region)
    return list(qs[:2000])


def statistics_choices() -> dict[str, list[str]]:
    def distinct(name: str) -> list[str]:
        return list(
            Statistic.objects.exclude(**{name: ""})
            .values_list(name, flat=True)
            .distinct()
            .order_by(name)[:300]
        )

    return {"reporters": distinct("reporter"), "regions": distinct("region")}


def statistics_chart(rows: list[Statistic]) -> list[dict[str, Any]]:
    """One point per tally with a known period, for the chart."""
    points = []
    for row in rows:
        if row.period_start is None and row.period_end is None:
            continue
        points.append(
            {
                "start": (row.period_start or row.period_end).isoformat(),
                "end": (row.period_end or row.period_start).isoformat(),
                "reporter": row.reporter,
                "region": row.region,
                "recorded": row.recorded if row.period_start and row.period_end else None,
                **{metric: getattr(row, metric) for metric in STAT_METRICS},
            }
        )
    return points
