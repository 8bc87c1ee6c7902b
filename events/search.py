"""Arabic-variant-insensitive text search over incidents and places.

Stored side: ``Incident.search_text`` holds the normalised place name, persons,
summaries and source evidence (``ingest.extraction.normalise.normalise_word``
folds hamza/alef forms, teh marbuta, alef maksura, diacritics, tatweel...).
Query side: the same folding is applied to the user's query, so "الرقة"
finds "الرقه" and "إبراهيم" finds "ابراهيم".

``refresh_search_text`` must be called after any write that changes those
fields or the incident's sources (record_extraction, correct_incident,
merge_incidents, split_source). It writes with ``QuerySet.update`` so it
creates no history record and does not bump ``version``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from ingest.extraction.normalise import normalise_word

from .cache import bump_data_version
from .models import Incident, IncidentSource

MAX_QUERY_TERMS = 8
MAX_QUERY_CHARS = 200


def normalise_query(text: str) -> list[str]:
    """The normalised terms of a search query (at most MAX_QUERY_TERMS)."""
    folded = normalise_word(str(text)[:MAX_QUERY_CHARS].replace("\x00", " "))
    terms = [t.strip("\"'.,;:!?()[]{}") for t in folded.split()]
    return [t for t in terms if t][:MAX_QUERY_TERMS]


def build_search_text(
    incident: Incident, evidence: Iterable[str] | None = None, claimed_places: Iterable[str] | None = None
) -> str:
    """The normalised searchable text of an incident (its sources' evidence included)."""
    if evidence is None or claimed_places is None:
        rows = list(
            IncidentSource.objects.filter(incident_id=incident.pk).values_list(
                "evidence", "claimed_place_name"
            )
        )
        evidence = [r[0] for r in rows]
        claimed_places = [r[1] for r in rows]
    parts: list[str] = [incident.place_name or "", incident.governorate or "", incident.district or ""]
    parts += [str(p) for p in (incident.persons or [])]
    parts += [incident.summary_ar or "", incident.summary_en or ""]
    parts += [p for p in claimed_places if p]
    parts += [e for e in evidence if e]
    seen: dict[str, None] = {}
    for part in parts:
        text = " ".join(normalise_word(part).split())
        if text:
            seen.setdefault(text, None)
    return " | ".join(seen)


def refresh_search_text(
    incident: Incident | int,
    sources: Iterable[tuple[str, str]] | None = None,
    *,
    stored: str | None = None,
) -> str:
    """Recompute and store ``search_text`` for one incident (no history, no version bump).

    ``sources``: the incident's (evidence, claimed_place_name) rows when the
    caller already has them (saves a query). ``stored``: the value known to be
    in the database (e.g. written with the row just inserted); when the new text
    equals it, nothing is written."""
    if not isinstance(incident, Incident):
        incident = Incident.objects.get(pk=incident)
    if sources is None:
        text = build_search_text(incident)
    else:
        rows = list(sources)
        text = build_search_text(incident, [r[0] for r in rows], [r[1] for r in rows])
    if stored is None or text != stored:
        Incident.objects.filter(pk=incident.pk).update(search_text=text)
        bump_data_version()  # `q` results changed; QuerySet.update sends no post_save
    incident.search_text = text
    return text


def refresh_all_search_text(queryset: QuerySet[Incident] | None = None, batch_size: int = 500) -> int:
    """Backfill ``search_text`` (e.g. after the migration, or from a management command)."""
    qs = (queryset if queryset is not None else Incident.objects.all()).order_by("pk")
    done = 0
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last)[:batch_size])
        if not batch:
            return done
        evidence: dict[int, list[tuple[str, str]]] = {}
        changed = False
        for inc_id, ev, place in IncidentSource.objects.filter(incident__in=batch).values_list(
            "incident_id", "evidence", "claimed_place_name"
        ):
            evidence.setdefault(inc_id, []).append((ev, place))
        for incident in batch:
            rows = evidence.get(incident.pk, [])
            text = build_search_text(incident, [r[0] for r in rows], [r[1] for r in rows])
            if text != incident.search_text:
                Incident.objects.filter(pk=incident.pk).update(search_text=text)
                changed = True
            done += 1
        if changed:
            bump_data_version()
        last = batch[-1].pk


def incident_search_q(query: str) -> Q | None:
    """A Q matching incidents whose text contains every term of ``query``.

    Each term matches the normalised ``search_text``; as a fallback for rows
    whose search_text is not filled yet, the raw place name / summaries are
    searched with the query as typed."""
    terms = normalise_query(query)
    if not terms:
        return None
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=term)
    raw = str(query).replace("\x00", "").strip()[:MAX_QUERY_CHARS]
    fallback = Q(search_text="") & (
        Q(place_name__icontains=raw) | Q(summary_ar__icontains=raw) | Q(summary_en__icontains=raw)
    )
    return condition | fallback


def place_search_terms(query: str) -> tuple[str, list[str]]:
    """(whole normalised query, its terms) for gazetteer search."""
    terms = normalise_query(query)
    return " ".join(terms), terms


def _place_rank_key(place: Any, whole: str) -> tuple[int, int, str]:
    names = [normalise_word(place.name_ar or ""), normalise_word(place.name_en or "")]
    names += [normalise_word(n) for n in (place.alt_names or "").split("|") if n]
    if whole in names:
        rank = 0
    elif any(n.startswith(whole) for n in names):
        rank = 1
    elif any(f" {whole}" in f" {n}" for n in names):
        rank = 2
    else:
        rank = 3
    return rank, -(place.population or 0), place.name_en or place.name_ar
