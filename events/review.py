"""Pure helpers for the editors' review pages: queue, history, conflicts, revert.

Writes still go through :mod:`events.services`; these helpers only read, shape
data for templates, and build the ``changes`` a service call applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .models import Actor, Incident, Place

# django-simple-history stores the change reason in a CharField(max_length=100).
REASON_MAX = 100
M2M_FIELDS = ("actors", "targets")
# Fields shown in the history besides the editable ones.
AUDITED_FIELDS = (
    *services.EDITABLE_FIELDS,
    "status",
    "status_reason",
    "merged_into",
    "needs_review",
    "locked_fields",
)
_SKIP_IN_DIFF = {"version", "id", "created_at"}


def clip_reason(text: str) -> str:
    """A change reason that fits the history table."""
    text = " ".join((text or "").split())
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"


# --- Queue ---------------------------------------------------------------------------------


def queue_queryset(filters: Mapping[str, Any]) -> QuerySet[Incident]:
    """Incidents to review: new first, then flagged (needs_review), then lowest confidence.

    ``filters``: type, governorate, status, needs_review ("1"/"0"), date_from, date_to
    (already validated by :class:`events.forms.QueueFilterForm`).
    """
    qs = Incident.objects.all()
    status = filters.get("status")
    if status:
        qs = qs.filter(status=status)
    else:
        # Work to do: not yet verified or rejected, plus anything flagged.
        qs = qs.filter(Q(status__in=[Incident.Status.NEW, Incident.Status.REVIEWED]) | Q(needs_review=True))
        qs = qs.exclude(status=Incident.Status.MERGED)
    if filters.get("type"):
        qs = qs.filter(type=filters["type"])
    if filters.get("governorate"):
        qs = qs.filter(governorate__iexact=filters["governorate"])
    if filters.get("needs_review") in ("1", "0"):
        qs = qs.filter(needs_review=filters["needs_review"] == "1")
    if filters.get("date_from"):
        qs = qs.filter(date_start__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(date_start__lte=filters["date_to"])
    is_new = Case(
        When(status=Incident.Status.NEW, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        qs.annotate(is_new_rank=is_new)
        .order_by("is_new_rank", "-needs_review", "confidence", "-date_start", "-id")
        .prefetch_related("actors", "targets")
    )


def governorates() -> list[str]:
    return list(
        Incident.objects.exclude(governorate="")
        .order_by("governorate")
        .values_list("governorate", flat=True)
        .distinct()
    )


# --- Places ------------------------------------------------------------------------------


def search_places(query: str, limit: int = 15) -> list[dict[str, Any]]:
    """Gazetteer places matching ``query`` in Arabic (spelling-normalised) or English."""
    from ingest.extraction.normalise import normalise_word

    query = (query or "").strip()
    if len(query) < 2:
        return []
    folded = normalise_word(query)
    qs = Place.objects.filter(
        Q(search_text__icontains=folded) | Q(name_en__icontains=query) | Q(name_ar__icontains=query)
    )
    starts = Case(
        When(Q(name_en__istartswith=query) | Q(name_ar__startswith=query), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    qs = qs.annotate(starts_rank=starts).order_by("starts_rank", "-population", "name_en")[:limit]
    return [place_json(p) for p in qs]


def place_json(place: Place) -> dict[str, Any]:
    return {
        "id": place.pk,
        "name_ar": place.name_ar,
        "name_en": place.name_en,
        "governorate": place.governorate,
        "governorate_ar": place.governorate_ar,
        "district": place.district,
        "precision": place.precision,
        "feature_kind": place.feature_kind,
        "lat": place.point.y,
        "lon": place.point.x,
    }


# --- History -----------------------------------------------------------------------------


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One audited change: possibly several history rows written by one service call."""

    record: Any  # the last historical row of the change (the state after it)
    records: list[Any] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def history_id(self) -> int:
        return self.record.history_id

    @property
    def user(self) -> Any:
        for rec in reversed(self.records):
            if rec.history_user_id:
                return rec.history_user
        return None

    @property
    def date(self) -> Any:
        return self.record.history_date

    @property
    def reason(self) -> str:
        for rec in reversed(self.records):
            if rec.history_change_reason:
                return rec.history_change_reason
        return ""

    @property
    def version(self) -> int:
        return self.record.version

    @property
    def kind(self) -> str:
        return {"+": _("created"), "~": _("changed"), "-": _("deleted")}.get(self.records[0].history_type, "")


def _group_records(records: list[Any]) -> list[list[Any]]:
    """Group history rows written by the same service call.

    A service call writes one row per save plus one per many-to-many change. Rows
    written for m2m changes *before* the save carry no reason yet: they belong to the
    next row that has one. Rows written *after* the save carry the same reason, user
    and version as it.
    """
    groups: list[list[Any]] = []
    pending: list[Any] = []
    for rec in records:
        if not rec.history_change_reason and rec.history_type == "~":
            pending.append(rec)
            continue
        key = (rec.history_change_reason, rec.history_user_id, rec.version)
        last = groups[-1][-1] if groups else None
        if (
            not pending
            and last is not None
            and rec.history_type == "~"
            and (last.history_change_reason, last.history_user_id, last.version) == key
        ):
            groups[-1].append(rec)
        else:
            groups.append([*pending, rec])
            pending = []
    if pending:
        groups.append(pending)
    return groups


_EXTRA_LABELS = {
    "point": gettext_lazy("Location on the map"),
    "place": gettext_lazy("Gazetteer place"),
    "status": gettext_lazy("Status"),
    "status_reason": gettext_lazy("Status reason"),
    "merged_into": gettext_lazy("Merged into"),
    "needs_review": gettext_lazy("Needs review"),
    "locked_fields": gettext_lazy("Locked fields"),
}


def field_label(name: str) -> str:
    """The translated label editors know a field by (the edit form's)."""
    from .forms import IncidentEditForm

    if name in _EXTRA_LABELS:
        return str(_EXTRA_LABELS[name])
    form_field = IncidentEditForm.base_fields.get(name)
    if form_field is not None and form_field.label:
        return str(form_field.label)
    try:
        return str(Incident._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001
        return name


def _actor_names(rows: Iterable[Mapping[str, Any]], key: str) -> str:
    ids = [row.get(key) for row in rows]
    actors = {a.pk: a for a in Actor.objects.filter(pk__in=[i for i in ids if i is not None])}
    names = sorted(actors[i].slug for i in ids if i in actors)
    return ", ".join(names) or "—"


def display_value(name: str, value: Any) -> str:
    """A field value as text for the history and conflict views (escaped by templates)."""
    if value is None or value == "" or value == []:
        return "—"
    if name == "point":
        geom = value if isinstance(value, GEOSGeometry) else GEOSGeometry(value)
        return f"{geom.y:.5f}, {geom.x:.5f}"
    if name == "place":
        place = value if isinstance(value, Place) else Place.objects.filter(pk=value).first()
        return str(place) if place else f"#{value}"
    if name == "locked_fields" and isinstance(value, list):
        return ", ".join(field_label(str(v)) for v in value)
    if name == "merged_into":
        return f"#{value.pk if isinstance(value, Incident) else value}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.isoformat()
    field_obj = Incident._meta.get_field(name) if name in {f.name for f in Incident._meta.fields} else None
    if field_obj is not None and field_obj.choices:
        return str(dict(field_obj.flatchoices).get(value, value))
    return str(value)


def _diff(new: Any, old: Any) -> list[FieldChange]:
    delta = new.diff_against(old, excluded_fields=list(_SKIP_IN_DIFF))
    out = []
    for change in delta.changes:
        name = change.field
        if name in M2M_FIELDS:
            key = "actor"
            old_text, new_text = _actor_names(change.old, key), _actor_names(change.new, key)
            if old_text == new_text:
                continue
        else:
            old_text, new_text = display_value(name, change.old), display_value(name, change.new)
        out.append(FieldChange(name, field_label(name), old_text, new_text))
    return out


def _initial_changes(record: Any) -> list[FieldChange]:
    out = []
    for name in (
        "type",
        "date_start",
        "place_name",
        "governorate",
        "arrested",
        "killed",
        "injured",
        "status",
    ):
        value = getattr(record, name, None)
        if value not in (None, "", []):
            out.append(FieldChange(name, field_label(name), "—", display_value(name, value)))
    return out


def history_entries(incident: Incident) -> list[HistoryEntry]:
    """Every change to ``incident``, newest first, with who, when, why and old → new."""
    records = list(incident.history.select_related("history_user").order_by("history_date", "history_id"))
    entries: list[HistoryEntry] = []
    previous = None
    for group in _group_records(records):
        entry = HistoryEntry(record=group[-1], records=group)
        entry.changes = _diff(group[-1], previous) if previous is not None else _initial_changes(group[-1])
        entries.append(entry)
        previous = group[-1]
    entries.reverse()
    return entries


def _record_state(record: Any) -> dict[str, Any]:
    """Editable values held by a historical row."""
    state: dict[str, Any] = {}
    for name in services.EDITABLE_FIELDS:
        if name in M2M_FIELDS:
            through = getattr(record, name).all()
            ids = [row.actor_id for row in through]
            state[name] = sorted(Actor.objects.filter(pk__in=ids).values_list("slug", flat=True))
        elif name == "place":
            state[name] = record.place_id
        else:
            state[name] = getattr(record, name)
    return state


def current_state(incident: Incident) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for name in services.EDITABLE_FIELDS:
        if name in M2M_FIELDS:
            state[name] = sorted(getattr(incident, name).values_list("slug", flat=True))
        elif name == "place":
            state[name] = incident.place_id
        else:
            state[name] = getattr(incident, name)
    return state


def values_differ(name: str, a: Any, b: Any) -> bool:
    if name == "point":
        if a is None or b is None:
            return (a is None) != (b is None)
        return not a.equals_exact(b, tolerance=1e-7)
    if name in M2M_FIELDS:
        return sorted(a or []) != sorted(b or [])
    if name == "confidence" and a is not None and b is not None:
        return abs(float(a) - float(b)) > 1e-9
    return a != b


def state_at_version(incident: Incident, version: int) -> dict[str, Any] | None:
    """Editable values of ``incident`` as they were at ``version`` (None if unknown)."""
    for entry in history_entries(incident):
        if entry.version == version:
            return _record_state(entry.record)
    return None


@dataclass
class Conflict:
    users: list[str]
    changes: list[FieldChange]
    current_version: int


def changes_since(incident: Incident, version: int) -> Conflict:
    """Who changed ``incident`` after ``version`` and what they changed."""
    entries = [e for e in history_entries(incident) if e.version > version]
    users = []
    for entry in reversed(entries):
        name = entry.user.get_username() if entry.user else _("automatic processing")
        if name not in users:
            users.append(name)
    changes: list[FieldChange] = []
    loaded = state_at_version(incident, version)
    now = current_state(incident)
    if loaded is not None:
        for name in services.EDITABLE_FIELDS:
            if values_differ(name, loaded[name], now[name]):
                changes.append(
                    FieldChange(
                        name, field_label(name), state_text(name, loaded[name]), state_text(name, now[name])
                    )
                )
    return Conflict(users=users, changes=changes, current_version=incident.version)


def state_text(name: str, value: Any) -> str:
    if name in M2M_FIELDS:
        return ", ".join(value) or "—"
    return display_value(name, value)


# --- Revert ------------------------------------------------------------------------------


def revert_changes(incident: Incident, history_id: int) -> dict[str, Any]:
    """The ``changes`` that bring ``incident`` back to the state after history row ``history_id``."""
    record = incident.history.filter(history_id=history_id).first()
    if record is None:
        raise ValidationError(_("No such version of this incident."))
    target = _record_state(record)
    now = current_state(incident)
    changes: dict[str, Any] = {}
    for name in services.EDITABLE_FIELDS:
        if not values_differ(name, target[name], now[name]):
            continue
        value = target[name]
        if name == "place":
            value = Place.objects.filter(pk=value).first() if value else None
        changes[name] = value
    return changes


def revert_incident(
    incident_id: int, history_id: int, *, user: Any, expected_version: int, reason: str
) -> tuple[Incident, list[str]]:
    """Apply an earlier version's values through ``correct_incident`` (audited, locks fields)."""
    incident = Incident.objects.get(pk=incident_id)
    changes = revert_changes(incident, history_id)
    if not changes:
        return incident, []
    record = incident.history.get(history_id=history_id)
    # Stored in the audit log: language-neutral, not in the editor's UI language.
    text = clip_reason(f"revert to version {record.version}: {reason}")
    updated = services.correct_incident(
        incident_id, user=user, changes=changes, expected_version=expected_version, reason=text
    )
    return updated, sorted(changes)
