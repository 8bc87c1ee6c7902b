"""Write paths for incidents: record an extraction, merge sources, correct, review.

Every write goes through here so that the rules hold whatever the entry point
(UI, API, Celery task, management command):

* an incident reported by several articles is one incident with several
  ``IncidentSource`` rows, each keeping what its article claimed;
* re-extraction updates only fields no editor has corrected (``locked_fields``)
  and flags disagreements for review instead of overwriting;
* every change is recorded by django-simple-history with who and why;
* concurrent edits are refused by a version check.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from simple_history.signals import (
    post_create_historical_m2m_records,
    post_create_historical_record,
    pre_create_historical_m2m_records,
    pre_create_historical_record,
)

from .models import INCIDENT_HISTORY, Actor, Incident, IncidentSource, Place, Statistic
from .search import build_search_text, refresh_search_text

TYPE_GROUP = {
    "raid": "op",
    "airstrike": "op",
    "sweep": "op",
    "clash": "op",
    "attack": "attack",
    "other": "other",
}
MERGE_MAX_DAYS = 3
MERGE_MAX_KM = 10.0
COUNT_FIELDS = ("arrested", "killed", "injured")

# Fields the extractor may set; editors lock them by correcting them.
EXTRACTED_FIELDS = (
    "type",
    "subtype",
    "date_start",
    "date_end",
    "date_precision",
    "point",
    "place",
    "place_name",
    "governorate",
    "district",
    "geo_precision",
    "arrested",
    "killed",
    "injured",
    "persons",
    "seized",
    "summary_en",
    "actors",
    "targets",
)
EDITABLE_FIELDS = EXTRACTED_FIELDS + ("summary_ar", "confidence")

ALLOWED_TRANSITIONS = {
    Incident.Status.NEW: {Incident.Status.REVIEWED, Incident.Status.VERIFIED, Incident.Status.REJECTED},
    Incident.Status.REVIEWED: {Incident.Status.VERIFIED, Incident.Status.REJECTED, Incident.Status.NEW},
    Incident.Status.VERIFIED: {Incident.Status.REVIEWED, Incident.Status.REJECTED},
    Incident.Status.REJECTED: {Incident.Status.NEW, Incident.Status.REVIEWED},
    Incident.Status.MERGED: set(),  # undone only by split_source / unmerge
}
REASON_REQUIRED = {Incident.Status.REJECTED}


class ConcurrentEditError(Exception):
    """Someone saved the incident after the editor loaded it."""


class TransitionError(ValidationError):
    pass


def make_point(lat: Any, lon: Any) -> Point | None:
    """A WGS84 point, None when either coordinate is missing; invalid ranges raise."""
    if lat is None or lon is None or lat == "" or lon == "":
        return None
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"Coordinates must be numbers, got {lat!r}, {lon!r}.") from exc
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)) or not (
        -90 <= lat_f <= 90 and -180 <= lon_f <= 180
    ):
        raise ValidationError(f"Coordinates out of range: lat={lat_f}, lon={lon_f}.")
    return Point(lon_f, lat_f, srid=4326)


def _parse_date(value: Any) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def _haversine_km(a: Point, b: Point) -> float:
    p1, p2 = math.radians(a.y), math.radians(b.y)
    dp, dl = p2 - p1, math.radians(b.x - a.x)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


@dataclass
class Candidate:
    """An extracted incident turned into model values."""

    values: dict[str, Any]
    actors: list[str]
    targets: list[str]
    raw: dict[str, Any]

    @property
    def point(self) -> Point | None:
        return self.values.get("point")


# Place rows by gazetteer id, cached per process: the extractor's place ids come
# from the same static gazetteer files the Place table is loaded from, and every
# extracted incident would otherwise look its place up again. Entries expire
# after PLACE_CACHE_SECONDS; saving or deleting a Place in this process (admin,
# factories) and load_gazetteer (events.gazetteer) clear the cache.
PLACE_CACHE_SECONDS = 300.0
PLACE_CACHE_MAX = 4096
_place_cache: dict[str, tuple[float, Place | None]] = {}
_place_cache_lock = threading.Lock()


def clear_place_cache(**_: Any) -> None:
    with _place_cache_lock:
        _place_cache.clear()


post_save.connect(clear_place_cache, sender=Place, dispatch_uid="events.services.place_cache.save")
post_delete.connect(clear_place_cache, sender=Place, dispatch_uid="events.services.place_cache.delete")


def place_for_source_id(source_id: str) -> Place | None:
    """The Place with this gazetteer id (None if not loaded), cached."""
    now = time.monotonic()
    hit = _place_cache.get(source_id)
    if hit is not None and now - hit[0] < PLACE_CACHE_SECONDS:
        return hit[1]
    place = Place.objects.filter(source_id=source_id).first()
    with _place_cache_lock:
        if len(_place_cache) >= PLACE_CACHE_MAX:
            _place_cache.clear()
        _place_cache[source_id] = (now, place)
    return place


def candidate_from_extraction(raw: Mapping[str, Any]) -> Candidate:
    """Map one incident of the extractor's output to model field values."""
    try:
        point = make_point(raw.get("lat"), raw.get("lon"))
    except ValidationError:
        point = None  # a bad coordinate is dropped, the incident is kept
    date_start = _parse_date(raw.get("date"))
    precision = raw.get("date_precision") or Incident.DatePrecision.UNKNOWN
    if precision not in Incident.DatePrecision.values:
        precision = Incident.DatePrecision.UNKNOWN
    kind = raw.get("type") if raw.get("type") in Incident.Type.values else Incident.Type.OTHER
    geo_precision = raw.get("geo_precision") if raw.get("geo_precision") in _GEO_PRECISIONS else ""
    place = None
    if raw.get("place_id"):
        place = place_for_source_id(str(raw["place_id"]))
    values = {
        "type": kind,
        "subtype": (raw.get("subtype") or "")[:40],
        "date_start": date_start,
        "date_end": _parse_date(raw.get("date_end")) or date_start,
        "date_precision": precision if date_start else Incident.DatePrecision.UNKNOWN,
        "point": point,
        "place": place,
        "place_name": (raw.get("place_name") or "")[:300],
        "governorate": (raw.get("admin1") or "")[:60],
        "district": (raw.get("admin2") or "")[:100],
        "geo_precision": geo_precision,
        "arrested": _count(raw.get("arrested")),
        "killed": _count(raw.get("killed")),
        "injured": _count(raw.get("injured")),
        "persons": [str(p) for p in raw.get("persons") or []],
        "seized": [str(s) for s in raw.get("seized") or []],
        "summary_en": str(raw.get("summary_en") or ""),
        "confidence": min(1.0, max(0.0, float(raw.get("confidence") or 0.5))),
    }
    return Candidate(
        values=values,
        actors=[a for a in raw.get("actors") or [] if isinstance(a, str)],
        targets=[t for t in raw.get("targets") or [] if isinstance(t, str)],
        raw=dict(raw),
    )


_GEO_PRECISIONS = {choice for choice, _ in Incident._meta.get_field("geo_precision").choices}


def _counts_compatible(a: int | None, b: int | None) -> bool:
    if a is None or b is None:
        return True
    high, low = max(a, b), min(a, b)
    return high - low <= max(2, high // 2)


def _places_compatible(incident: Incident, cand: Candidate) -> bool:
    if incident.point and cand.point:
        return _haversine_km(incident.point, cand.point) <= MERGE_MAX_KM
    if incident.place_name and cand.values["place_name"]:
        return incident.place_name == cand.values["place_name"]
    return False


# The columns the merge test reads: candidates are scanned with these only, and
# the chosen incident is then loaded whole.
_MATCH_FIELDS = ("id", "type", "date_start", "point", "place_name", *COUNT_FIELDS)


def find_matching_incident(
    cand: Candidate,
    exclude_article_id: int | None = None,
    *,
    exclude_incident_ids: Iterable[int] | None = None,
) -> Incident | None:
    """An existing incident that reports the same real-world event, if any.

    Same type group, dates within a few days (both must be known), the same
    named place or points within a short distance, and compatible counts.
    Undated or unplaced candidates are never merged automatically: too risky.

    ``exclude_incident_ids``: the incidents the article already feeds, when the
    caller knows them (record_extraction): the same exclusion as
    ``exclude_article_id`` without the subquery.
    """
    start = cand.values["date_start"]
    if start is None or (cand.point is None and not cand.values["place_name"]):
        return None
    group = TYPE_GROUP.get(cand.values["type"], "other")
    types = [t for t, g in TYPE_GROUP.items() if g == group]
    qs = Incident.objects.filter(
        type__in=types,
        date_start__gte=start - timedelta(days=MERGE_MAX_DAYS),
        date_start__lte=start + timedelta(days=MERGE_MAX_DAYS),
        status__in=[Incident.Status.NEW, Incident.Status.REVIEWED, Incident.Status.VERIFIED],
    )
    if exclude_incident_ids is not None:
        excluded = list(exclude_incident_ids)
        if excluded:
            qs = qs.exclude(pk__in=excluded)
    elif exclude_article_id is not None:
        qs = qs.exclude(sources__article_id=exclude_article_id)
    best: tuple[float, Incident] | None = None
    for incident in qs.only(*_MATCH_FIELDS)[:200]:
        if not _places_compatible(incident, cand):
            continue
        if not all(_counts_compatible(getattr(incident, f), cand.values[f]) for f in COUNT_FIELDS):
            continue
        distance = abs((incident.date_start - start).days) if incident.date_start else MERGE_MAX_DAYS
        score = distance + (0 if incident.type == cand.values["type"] else 0.5)
        if best is None or score < best[0]:
            best = (score, incident)
    if best is None:
        return None
    # Loaded whole (it is saved with the new source); search_text is rewritten
    # by refresh_search_text afterwards, so it is not read.
    return Incident.objects.defer("search_text").filter(pk=best[1].pk).first()


def _actor_objects(slugs: Iterable[str]) -> list[Actor]:
    slugs = list(dict.fromkeys(slugs))
    found = {a.slug: a for a in Actor.objects.filter(slug__in=slugs)}
    return [found[s] for s in slugs if s in found]


def _through(field: str) -> type[models.Model]:
    return getattr(Incident, field).through


def _through_rows(incident: Incident, field: str) -> list[models.Model]:
    return list(_through(field).objects.filter(incident_id=incident.pk))


def _insert_m2m(incident: Incident, field: str, slugs: Iterable[str]) -> list[models.Model]:
    """Link a NEW incident (no links yet) to the actors with these slugs
    (unknown slugs are skipped); returns the through rows made.

    Like ``incident.<field>.set(_actor_objects(slugs))`` on a new incident, in
    one statement (INSERT ... SELECT ... RETURNING) instead of three: the actor
    lookup, the related manager's query for existing links (there are none),
    and the insert. Sends no m2m_changed: the history record is written by
    one_history_record."""
    slugs = list(dict.fromkeys(slugs))
    if not slugs:
        return []
    through = _through(field)
    conn = connections[incident._state.db or DEFAULT_DB_ALIAS]
    if not conn.features.can_return_rows_from_bulk_insert:  # no RETURNING: the related manager
        getattr(incident, field).set(_actor_objects(slugs))
        return _through_rows(incident, field)
    quote = conn.ops.quote_name
    meta = through._meta
    sql = (
        f"INSERT INTO {quote(meta.db_table)} "
        f"({quote(meta.get_field('incident').column)}, {quote(meta.get_field('actor').column)}) "
        f"SELECT %s, {quote(Actor._meta.pk.column)} FROM {quote(Actor._meta.db_table)} "
        f"WHERE {quote(Actor._meta.get_field('slug').column)} IN ({', '.join(['%s'] * len(slugs))}) "
        f"ORDER BY {quote(Actor._meta.pk.column)} "  # in id order, as the related manager inserts them
        f"RETURNING {quote(meta.pk.column)}, {quote(meta.get_field('actor').column)}"
    )
    with conn.cursor() as cursor:
        cursor.execute(sql, [incident.pk, *slugs])
        made = sorted(cursor.fetchall())
    return [through(pk=pk, incident_id=incident.pk, actor_id=actor_id) for pk, actor_id in made]


def _add_m2m(incident: Incident, field: str, slugs: Iterable[str]) -> list[models.Model]:
    """``incident.<field>.add(*_actor_objects(slugs))``; returns all the
    incident's through rows afterwards (what the history record stores)."""
    through = _through(field)
    links = list(through.objects.filter(incident_id=incident.pk).values_list("pk", "actor_id", "actor__slug"))
    have = {slug for _, _, slug in links}
    missing = [s for s in dict.fromkeys(slugs) if s not in have]
    if missing:
        ids = sorted(Actor.objects.filter(slug__in=missing).values_list("pk", flat=True))
        if ids:  # in id order, as the related manager adds them; a concurrent add is ignored
            through.objects.bulk_create(
                [through(incident_id=incident.pk, actor_id=pk) for pk in ids], ignore_conflicts=True
            )
            return _through_rows(incident, field)
    return [through(pk=pk, incident_id=incident.pk, actor_id=actor_id) for pk, actor_id, _ in links]


def _source_values(cand: Candidate) -> dict[str, Any]:
    raw = cand.raw
    return {
        "evidence": str(raw.get("evidence") or ""),
        "evidence_start": _count(raw.get("evidence_start")),
        "evidence_end": _count(raw.get("evidence_end")),
        "claimed_arrested": cand.values["arrested"],
        "claimed_killed": cand.values["killed"],
        "claimed_injured": cand.values["injured"],
        "claimed_date": cand.values["date_start"],
        "claimed_place_name": cand.values["place_name"],
        "extracted": raw,
    }


def _refresh_counts_from_sources(
    incident: Incident, sources: list[IncidentSource] | None = None
) -> list[str]:
    """Best count = the highest any source claims (sources often report partial
    tolls first); flag the incident when sources disagree. Locked fields stay.
    ``sources``: the incident's sources, when already read."""
    changed = []
    if sources is None:
        sources = list(incident.sources.all())
    for field in COUNT_FIELDS:
        if field in incident.locked_fields:
            continue
        claims = [
            getattr(s, f"claimed_{field}") for s in sources if getattr(s, f"claimed_{field}") is not None
        ]
        if not claims:
            continue
        if len(set(claims)) > 1:
            incident.needs_review = True
        best = max(claims)
        if getattr(incident, field) != best:
            setattr(incident, field, best)
            changed.append(field)
    return changed


def count_range(incident: Incident, field: str) -> tuple[int | None, int | None, int | None]:
    """(best, low, high) of a count across the incident's sources."""
    claims = [
        getattr(s, f"claimed_{field}")
        for s in incident.sources.all()
        if getattr(s, f"claimed_{field}") is not None
    ]
    if not claims:
        return getattr(incident, field), None, None
    return getattr(incident, field), min(claims), max(claims)


@contextmanager
def one_history_record(
    incident: Incident, history_type: str = "~", m2m_rows: dict[str, list[Any]] | None = None
) -> Iterator[None]:
    """Field saves and actor/target changes in the block make ONE history record
    (with the reason and user set on the incident), instead of one per change.

    ``m2m_rows``: a dict the block fills with the incident's through rows per
    m2m field ("actors", "targets") once it has changed them; the record then
    copies those instead of reading them back (same record, fewer queries)."""
    incident.skip_history_when_saving = True
    try:
        yield
    finally:
        del incident.skip_history_when_saving
    _create_history_record(incident, history_type, m2m_rows)


_HISTORY_MODEL: Any = None


def _history_model() -> Any:
    global _HISTORY_MODEL
    _HISTORY_MODEL = getattr(Incident, INCIDENT_HISTORY.manager_name).model
    return _HISTORY_MODEL


def _create_history_record(
    incident: Incident, history_type: str, m2m_rows: dict[str, list[Any]] | None
) -> None:
    """``HistoricalRecords.create_historical_record`` (django-simple-history),
    with the m2m rows taken from ``m2m_rows`` when it holds every m2m field."""
    history = INCIDENT_HISTORY
    if not m2m_rows or any(field.name not in m2m_rows for field in history.m2m_models):
        history.create_historical_record(incident, history_type)
        return
    history_date = getattr(incident, "_history_date", timezone.now())
    history_user = history.get_history_user(incident)
    change_reason = history.get_change_reason_for_object(incident, history_type, None)
    # The history model, read once: each ``incident.history`` access builds a
    # new manager class (inspect.getmembers), a quarter of a millisecond.
    model = _HISTORY_MODEL or _history_model()
    attrs = {field.attname: getattr(incident, field.attname) for field in history.fields_included(incident)}
    if getattr(model, "history_relation", None) is not None:
        attrs["history_relation"] = incident
    record = model(
        history_date=history_date,
        history_type=history_type,
        history_user=history_user,
        history_change_reason=change_reason,
        **attrs,
    )
    pre_create_historical_record.send(
        sender=model,
        instance=incident,
        history_date=history_date,
        history_user=history_user,
        history_change_reason=change_reason,
        history_instance=record,
        using=None,
    )
    record.save()
    for field in record._history_m2m_fields:
        m2m_model = history.m2m_models[field]
        through_fields = [f.attname for f in getattr(incident, field.name).through._meta.fields]
        rows = [
            m2m_model(history=record, **{name: getattr(row, name) for name in through_fields})
            for row in m2m_rows[field.name]
        ]
        pre_create_historical_m2m_records.send(
            sender=m2m_model, rows=rows, history_instance=record, instance=incident, field=field
        )
        created = m2m_model.objects.bulk_create(rows)
        post_create_historical_m2m_records.send(
            sender=m2m_model, created_rows=created, history_instance=record, instance=incident, field=field
        )
    post_create_historical_record.send(
        sender=model,
        instance=incident,
        history_instance=record,
        history_date=history_date,
        history_user=history_user,
        history_change_reason=change_reason,
        using=None,
    )


def _save(incident: Incident, reason: str, user: Any = None) -> None:
    incident._change_reason = reason
    if user is not None:
        incident._history_user = user
    incident.version = (incident.version or 0) + 1
    incident.save()


def record_extraction(
    article: Any,
    result: Mapping[str, Any],
    extractor_version: str = "",
    *,
    savepoint: bool = True,
    has_sources: bool = True,
    has_statistics: bool = True,
) -> list[Incident]:
    """Store what the extractor found in ``article``: incidents (merged with
    existing reports of the same event) and statistics. Safe to call again for
    the same article (re-extraction): its previous sources and statistics are
    replaced, editor-locked fields are kept and disagreements flagged.

    Atomic. ``savepoint=False``: a caller that already holds a transaction
    it rolls back on any error (process_article) saves the savepoint.
    ``has_sources`` / ``has_statistics`` False: the caller knows the article
    has none yet (a first extraction, read under its processing claim), so
    they are not looked up / deleted."""
    with transaction.atomic(savepoint=savepoint):
        return _record_extraction(article, result, extractor_version, has_sources, has_statistics)


def _record_extraction(
    article: Any, result: Mapping[str, Any], extractor_version: str, has_sources: bool, has_statistics: bool
) -> list[Incident]:
    previous = (
        {s.incident_id: s for s in IncidentSource.objects.filter(article=article).select_related("incident")}
        if has_sources
        else {}
    )
    reused: set[int] = set()
    incidents: list[Incident] = []
    touched: dict[int, Incident] = {}  # incident id -> the instance saved last
    # Incidents created here have exactly one source (this article's): their
    # search text is written with the row (search_text of the new instance).
    created: dict[int, list[tuple[str, str]]] = {}  # id -> its one source's search row
    attached: dict[int, list[tuple[str, str]]] = {}  # id -> its sources' search rows, as read
    for raw in result.get("incidents") or []:
        if not isinstance(raw, Mapping) or raw.get("optional"):
            continue
        cand = candidate_from_extraction(raw)
        incident = _previous_incident_for(cand, previous, reused)
        if incident is not None:
            _update_from_candidate(incident, cand, article, extractor_version)
        else:
            # The incidents this article feeds at this point: its previous ones
            # (dropped only below) and those of the candidates handled so far.
            incident = find_matching_incident(
                cand, exclude_article_id=article.pk, exclude_incident_ids=set(previous) | reused
            )
            if incident is not None:
                attached[incident.pk] = _attach_source(
                    incident,
                    cand,
                    article,
                    extractor_version,
                    reason=f"merged report from article {article.pk}",
                )
            else:
                incident = _create_incident(cand, article, extractor_version)
                created[incident.pk] = [_search_row(cand)]
        reused.add(incident.pk)
        touched[incident.pk] = incident
        incidents.append(incident)
    _drop_stale_sources(article, previous, reused)
    for incident_id, source in previous.items():
        touched.setdefault(incident_id, source.incident)
    # Search text of every incident touched, from its sources read in one query
    # (the instances hold what was just saved).
    rows: dict[int, list[tuple[str, str]]] = {
        pk: [] for pk in touched if pk not in created and pk not in attached
    }
    if rows:
        sources = IncidentSource.objects.filter(incident_id__in=list(rows)).values_list(
            "incident_id", "evidence", "claimed_place_name"
        )
        for incident_id, evidence, place in sources:
            rows[incident_id].append((evidence, place))
    for incident_id, incident in touched.items():
        if incident_id in created:
            refresh_search_text(incident, created[incident_id], stored=incident.search_text)
        elif incident_id in attached:
            refresh_search_text(incident, attached[incident_id])
        else:
            refresh_search_text(incident, rows[incident_id])
    if has_statistics:
        Statistic.objects.filter(article=article).delete()
    for raw in result.get("statistics") or []:
        if isinstance(raw, Mapping) and not raw.get("optional"):
            _create_statistic(article, raw)
    return incidents


def _previous_incident_for(
    cand: Candidate, previous: dict[int, IncidentSource], reused: set[int]
) -> Incident | None:
    """On re-extraction, the incident this article already fed that matches."""
    for incident_id, source in previous.items():
        if incident_id in reused:
            continue
        incident = source.incident
        if TYPE_GROUP.get(incident.type) != TYPE_GROUP.get(cand.values["type"]):
            continue
        same_place = source.claimed_place_name == cand.values["place_name"] or _places_compatible(
            incident, cand
        )
        if same_place:
            return incident
    return None


def _search_row(cand: Candidate) -> tuple[str, str]:
    """(evidence, claimed_place_name) of the source made from ``cand``."""
    values = _source_values(cand)
    return values["evidence"], values["claimed_place_name"]


def _create_incident(cand: Candidate, article: Any, extractor_version: str) -> Incident:
    incident = Incident(**cand.values)
    incident._change_reason = f"extracted from article {article.pk}"
    # Its only source is the one created below: the search text is known now
    # and written with the row (refresh_search_text then finds it current).
    evidence, place = _search_row(cand)
    incident.search_text = build_search_text(incident, [evidence], [place])
    m2m: dict[str, list[Any]] = {}
    with one_history_record(incident, "+", m2m):
        incident.save()
        m2m["actors"] = _insert_m2m(incident, "actors", cand.actors)
        m2m["targets"] = _insert_m2m(incident, "targets", cand.targets)
    IncidentSource.objects.create(
        incident=incident, article=article, extractor_version=extractor_version, **_source_values(cand)
    )
    return incident


def _attach_source(
    incident: Incident, cand: Candidate, article: Any, extractor_version: str, reason: str
) -> list[tuple[str, str]]:
    """Add the article's report to an existing incident (one it does not feed
    yet: find_matching_incident excludes those). Returns the (evidence,
    claimed_place_name) of all its sources, for refresh_search_text."""
    IncidentSource.objects.create(
        incident=incident, article=article, extractor_version=extractor_version, **_source_values(cand)
    )
    sources = list(incident.sources.all())
    changed = _refresh_counts_from_sources(incident, sources)
    # A corroborating source raises confidence; fill what the incident lacks.
    for field in ("point", "place", "geo_precision", "governorate", "district", "subtype"):
        # (the place by its id: reading incident.place would load the Place)
        current = incident.place_id if field == "place" else getattr(incident, field)
        if field not in incident.locked_fields and not current and cand.values[field]:
            setattr(incident, field, cand.values[field])
            changed.append(field)
    for person in cand.values["persons"]:
        if "persons" not in incident.locked_fields and person not in incident.persons:
            incident.persons = [*incident.persons, person]
            changed.append("persons")
    incident.confidence = min(1.0, max(incident.confidence, cand.values["confidence"]) + 0.1)
    m2m: dict[str, list[Any]] = {}
    with one_history_record(incident, m2m_rows=m2m):
        _save(incident, reason)
        for field, slugs in (("actors", cand.actors), ("targets", cand.targets)):
            if field in incident.locked_fields:
                m2m[field] = _through_rows(incident, field)
            else:
                m2m[field] = _add_m2m(incident, field, slugs)
    return [(s.evidence, s.claimed_place_name) for s in sources]


def _update_from_candidate(incident: Incident, cand: Candidate, article: Any, extractor_version: str) -> None:
    """Re-extraction of an article: update unlocked fields, flag locked conflicts."""
    IncidentSource.objects.filter(incident=incident, article=article).update(
        extractor_version=extractor_version, **_source_values(cand)
    )
    single_source = incident.sources.count() == 1
    for field, value in cand.values.items():
        if field == "confidence":
            continue
        if field == "place":  # compared by id: reading incident.place would load the Place
            current: Any = incident.place_id
            if current == (value.pk if value is not None else None):
                continue
        else:
            current = getattr(incident, field)
            if current == value:
                continue
        if field in incident.locked_fields:
            incident.needs_review = True  # the extractor now disagrees with an editor
        elif single_source or not current:
            setattr(incident, field, value)
    _refresh_counts_from_sources(incident)
    reason = f"re-extracted article {article.pk} ({extractor_version})"
    with one_history_record(incident):
        for field, slugs in (("actors", cand.actors), ("targets", cand.targets)):
            manager = getattr(incident, field)
            wanted = _actor_objects(slugs)
            if set(manager.all()) == set(wanted):
                continue
            if field in incident.locked_fields:
                incident.needs_review = True
                reason += f"; disagrees with the editor's {field}"
            elif single_source:
                manager.set(wanted)
            else:
                manager.add(*wanted)
        _save(incident, reason)


def _drop_stale_sources(article: Any, previous: dict[int, IncidentSource], kept: set[int]) -> None:
    """Sources of this article that the new extraction no longer reports."""
    for incident_id, source in previous.items():
        if incident_id in kept:
            continue
        incident = source.incident
        source.delete()
        if incident.sources.exists():
            _refresh_counts_from_sources(incident)
            _save(incident, f"article {article.pk} no longer reports this incident")
        elif not incident.locked_fields and incident.status == Incident.Status.NEW:
            incident._change_reason = f"re-extraction of article {article.pk} no longer finds it"
            incident.status = Incident.Status.REJECTED
            incident.status_reason = "no source reports it any more"
            _save(incident, incident._change_reason)
        else:
            incident.needs_review = True
            _save(incident, f"article {article.pk} no longer reports this incident")


def _create_statistic(article: Any, raw: Mapping[str, Any]) -> Statistic:
    return Statistic.objects.create(
        article=article,
        period_start=_parse_date(raw.get("period_start")),
        period_end=_parse_date(raw.get("period_end")),
        region=str(raw.get("region") or "")[:200],
        reporter=str(raw.get("reporter") or "")[:120],
        operations=_count(raw.get("operations")),
        killed=_count(raw.get("killed")),
        arrested=_count(raw.get("arrested")),
        attacks=_count(raw.get("attacks")),
        evidence=str(raw.get("evidence") or ""),
        evidence_start=_count(raw.get("evidence_start")),
        evidence_end=_count(raw.get("evidence_end")),
    )


# --- Editor actions --------------------------------------------------------------------


@transaction.atomic
def correct_incident(
    incident_id: int,
    *,
    user: Any,
    changes: Mapping[str, Any],
    expected_version: int,
    reason: str = "",
) -> Incident:
    """Apply an editor's correction: version-checked, audited, fields locked."""
    incident = Incident.objects.select_for_update().get(pk=incident_id)
    if incident.version != expected_version:
        raise ConcurrentEditError(
            f"Incident {incident_id} was changed by someone else (version {incident.version}, "
            f"you edited version {expected_version}). Reload it and apply your change again."
        )
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Fields cannot be edited: {', '.join(sorted(unknown))}.")
    locked = list(incident.locked_fields)
    m2m: dict[str, list[str]] = {}
    for field, value in changes.items():
        if field in ("actors", "targets"):
            m2m[field] = list(value)
        else:
            setattr(incident, field, value)
        if field in EXTRACTED_FIELDS and field not in locked:
            locked.append(field)
    incident.locked_fields = locked
    incident.full_clean(exclude=["actors", "targets"])
    with one_history_record(incident):
        _save(incident, reason or "edited", user=user)
        for field, slugs in m2m.items():
            getattr(incident, field).set(_actor_objects(slugs))
    refresh_search_text(incident)
    return incident


@transaction.atomic
def transition_status(incident_id: int, new_status: str, *, user: Any, reason: str = "") -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident_id)
    if new_status not in ALLOWED_TRANSITIONS.get(incident.status, set()):
        raise TransitionError(f"An incident cannot go from {incident.status} to {new_status}.")
    if new_status in REASON_REQUIRED and not reason.strip():
        raise TransitionError(f"A reason is required to mark an incident {new_status}.")
    incident.status = new_status
    incident.status_reason = reason
    _save(incident, reason or f"status {new_status}", user=user)
    return incident


@transaction.atomic
def merge_incidents(target_id: int, duplicate_ids: Iterable[int], *, user: Any, reason: str = "") -> Incident:
    """Move the duplicates' sources onto the target; duplicates become 'merged'."""
    target = Incident.objects.select_for_update().get(pk=target_id)
    duplicate_ids = [pk for pk in duplicate_ids if pk != target_id]
    if target.status in (Incident.Status.MERGED, Incident.Status.REJECTED):
        raise TransitionError(f"Incident {target_id} is {target.status} and cannot receive a merge.")
    if not duplicate_ids:
        raise ValidationError("Choose at least one other incident to merge.")
    duplicates = list(Incident.objects.select_for_update().filter(pk__in=duplicate_ids))
    if len(duplicates) != len(set(duplicate_ids)):
        raise ValidationError("Some incidents to merge do not exist.")
    already = [d.pk for d in duplicates if d.status == Incident.Status.MERGED]
    if already:
        raise TransitionError(f"Already merged: {', '.join(map(str, already))}.")
    with one_history_record(target):
        for dup in duplicates:
            for source in dup.sources.all():
                if target.sources.filter(article_id=source.article_id).exists():
                    continue  # the same article already feeds the target
                source.incident = target
                source.save(update_fields=["incident"])
            target.actors.add(*dup.actors.all())
            target.targets.add(*dup.targets.all())
            dup.status = Incident.Status.MERGED
            dup.merged_into = target
            _save(dup, reason or f"merged into {target.pk}", user=user)
        _refresh_counts_from_sources(target)
        _save(target, reason or "merged duplicates into this incident", user=user)
    refresh_search_text(target)
    return target


@transaction.atomic
def split_source(source_id: int, *, user: Any, reason: str = "") -> Incident:
    """Detach one source into a new incident (undoes a wrong merge)."""
    source = IncidentSource.objects.select_related("incident").select_for_update().get(pk=source_id)
    old = source.incident
    if old.sources.count() < 2:
        raise ValidationError("An incident with a single source cannot be split.")
    cand = candidate_from_extraction(source.extracted or {})
    new = Incident(**cand.values)
    with one_history_record(new, "+"):
        _save(new, reason or f"split from incident {old.pk}", user=user)
        new.actors.set(_actor_objects(cand.actors))
        new.targets.set(_actor_objects(cand.targets))
    source.incident = new
    source.save(update_fields=["incident"])
    _refresh_counts_from_sources(old)
    _save(old, reason or f"source {source.pk} split into incident {new.pk}", user=user)
    refresh_search_text(old)
    refresh_search_text(new)
    return new


# ------------------------------------------------------------------ API tokens
def rotate_api_token(user: Any) -> Any:
    """Replace ``user``'s API token with a new one; the old one stops working at once."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    with transaction.atomic():
        # the user row serialises concurrent rotations (one token per user)
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)
