"""Analyst pages: the map dashboard, an incident's page, statistics.

Reads need a role (analyst, editor or admin) unless ``settings.API_PUBLIC_READ``;
the map's data comes from the REST API (/api/v1/...) with the same filters.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import pages
from .roles import ANALYST, EDITOR, has_role

View = Callable[..., HttpResponse]


def can_read(user: Any) -> bool:
    return settings.API_PUBLIC_READ or has_role(user, ANALYST)


def read_required(view: View) -> View:
    """Any role may read; anonymous users go to the login page, others get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if can_read(request.user):
            return view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied

    return wrapper


@require_GET
@read_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "events/map.html", pages.dashboard_context())


@require_GET
@read_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(pages.incident_queryset(), pk=pk)
    context = {
        "incident": incident,
        "place_latin": pages.place_latin(incident.place_name, incident.place),
        "governorate_ar": pages.governorate_arabic(incident.governorate),
        "context_query": pages.context_query(incident),
        "type_colour": pages.TYPE_COLOURS.get(incident.type),
        "sources": pages.source_views(incident),
        "counts": pages.count_rows(incident),
        "history": pages.incident_history(incident),
        "map_data": pages.incident_map_data(incident),
        "leaflet_options": pages.leaflet_options(),
        "edit_url": pages.review_url(incident) if has_role(request.user, EDITOR) else None,
    }
    return render(request, "events/incident_detail.html", context)


@require_GET
@read_required
def statistics(request: HttpRequest) -> HttpResponse:
    reporter = request.GET.get("reporter", "")[:120]
    region = request.GET.get("region", "")[:200]
    rows = pages.statistics_rows(reporter=reporter, region=region)
    context = {
        "rows": rows,
        "chart": pages.statistics_chart(rows),
        "choices": pages.statistics_choices(),
        "reporter": reporter,
        "region": region,
        "metrics": pages.STAT_METRICS,
    }
    return render(request, "events/statistics.html", context)


@require_GET
@read_required
@cache_control(private=True, max_age=86400)
def boundaries(request: HttpRequest) -> HttpResponse:
    """The bundled governorate polygons (offline base layer)."""
    return HttpResponse(pages.boundaries_geojson(), content_type="application/geo+json")
