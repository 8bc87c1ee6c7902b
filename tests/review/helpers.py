"""Shared builders for the review tests."""

from __future__ import annotations

from typing import Any

from events.models import Incident
from events.review import current_state


def edit_payload(incident: Incident, reason: str = "checked the source", **changes: Any) -> dict[str, Any]:
    """The edit form as a browser would post it: every field at its current value, then ``changes``."""
    incident.refresh_from_db()
    state = current_state(incident)
    point = state["point"]
    data: dict[str, Any] = {
        "version": incident.version,
        "type": state["type"],
        "subtype": state["subtype"],
        "date_start": state["date_start"].isoformat() if state["date_start"] else "",
        "date_end": state["date_end"].isoformat() if state["date_end"] else "",
        "date_precision": state["date_precision"],
        "place_search": "",
        "place": state["place"] or "",
        "place_name": state["place_name"],
        "governorate": state["governorate"],
        "district": state["district"],
        "geo_precision": state["geo_precision"],
        "point": point.geojson if point else "",
        "latitude": round(point.y, 6) if point else "",
        "longitude": round(point.x, 6) if point else "",
        "actors": state["actors"],
        "targets": state["targets"],
        "arrested": "" if state["arrested"] is None else state["arrested"],
        "killed": "" if state["killed"] is None else state["killed"],
        "injured": "" if state["injured"] is None else state["injured"],
        "persons": "\n".join(state["persons"]),
        "seized": "\n".join(state["seized"]),
        "summary_ar": state["summary_ar"],
        "summary_en": state["summary_en"],
        "confidence": state["confidence"],
        "reason": reason,
    }
    data.update(changes)
    return data


def extracted(**overrides: Any) -> dict[str, Any]:
    incident = {
        "type": "raid",
        "date": "2025-03-12",
        "date_precision": "day",
        "place_name": "ذيبان",
        "admin1": "Deir ez-Zor",
        "lat": 35.02,
        "lon": 40.52,
        "geo_precision": "exact",
        "actors": ["sdf"],
        "targets": ["isis"],
        "arrested": 2,
        "killed": 1,
        "evidence": "نفذت قسد إنزالا جويا في ذيبان واعتقلت شخصين.",
        "confidence": 0.6,
    }
    incident.update(overrides)
    return {"incidents": [incident], "statistics": []}
