"""Editors' review pages: queue, edit, history/revert, merge and split.

Thin views: forms validate, :mod:`events.services` writes (audited, version-checked),
:mod:`events.review` shapes what the templates show. Editors and admins only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import review, services
from .forms import BulkForm, IncidentEditForm, MergeIntoForm, QueueFilterForm, ReasonForm, StatusForm
from .models import Incident, IncidentSource
from .roles import EDITOR, has_role


def editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users go to the login page; signed-in users without the editor role get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_role(request.user, EDITOR):
            raise PermissionDenied(_("Reviewing incidents needs the editor role."))
        return view(request, *args, **kwargs)

    return wrapper


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _places_url() -> str:
    """The API's place search when it exists, else this app's own."""
    try:
        resolve("/api/v1/places/")
        return "/api/v1/places/"
    except Resolver404:
        return reverse("review:places")


# --- Queue -------------------------------------------------------------------------------------


@editor_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET or None, governorates=review.governorates())
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    page = Paginator(review.queue_queryset(cleaned), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "review/queue.html",
        {
            "filters": filters,
            "page": page,
            "incidents": page.object_list,
            "query": query.urlencode(),
            "bulk_actions": BulkForm.ACTIONS,
        },
    )


@editor_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    back = _safe_next(request, reverse("review:queue"))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    action, ids, reason = form.cleaned_data["action"], form.cleaned_data["ids"], form.cleaned_data["reason"]
    if action == "merge":
        target = form.cleaned_data["target"]
        duplicates = [i for i in ids if i != target]
        try:
            services.merge_incidents(target, duplicates, user=request.user, reason=reason)
        except (ValidationError, Incident.DoesNotExist) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(
                request,
                _("Merged %(count)d incident(s) into #%(target)d.")
                % {"count": len(duplicates), "target": target},
            )
        return redirect(back)
    new_status = Incident.Status.VERIFIED if action == "verify" else Incident.Status.REJECTED
    done, failed = 0, []
    for incident_id in ids:
        try:
            services.transition_status(incident_id, new_status, user=request.user, reason=reason)
            done += 1
        except (ValidationError, Incident.DoesNotExist) as exc:
            failed.append(f"#{incident_id}: {_error_text(exc)}")
    if done:
        messages.success(
            request, _("%(count)d incident(s) now %(status)s.") % {"count": done, "status": new_status}
        )
    for failure in failed:
        messages.error(request, failure)
    return redirect(back)


@editor_required
@require_POST
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(Incident, pk=pk)
    form = StatusForm(request.POST)
    back = _safe_next(request, reverse("review:edit", args=[incident.pk]))
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect(back)
    try:
        services.transition_status(
            incident.pk, form.cleaned_data["status"], user=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("Incident #%(id)d is now %(status)s.")
            % {"id": incident.pk, "status": form.cleaned_data["status"]},
        )
    return redirect(back)


# --- Edit --------------------------------------------------------------------------------------


def _edit_context(
    request: HttpRequest, incident: Incident, form: IncidentEditForm, **extra: Any
) -> dict[str, Any]:
    sources = list(incident.sources.select_related("article", "article__outlet"))
    count_fields = []
    for name in services.COUNT_FIELDS:
        _best, low, high = services.count_range(incident, name)
        spread = (
            _("sources say %(low)s–%(high)s") % {"low": low, "high": high}
            if low is not None and low != high
            else ""
        )
        count_fields.append((form[name], spread))
    allowed = sorted(services.ALLOWED_TRANSITIONS.get(incident.status, set()))
    return {
        "incident": incident,
        "form": form,
        "locked": set(incident.locked_fields),
        "sources": sources,
        "count_fields": count_fields,
        "transitions": [(s, Incident.Status(s).label) for s in allowed],
        "merge_form": MergeIntoForm(incident=incident),
        "places_url": _places_url(),
        "merged": incident.merged.all(),
        **extra,
    }


@editor_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(Incident, pk=pk)
    if request.method == "GET":
        form = IncidentEditForm(incident=incident)
        return render(request, "review/edit.html", _edit_context(request, incident, form))
    form = IncidentEditForm(request.POST, incident=incident)
    if not form.is_valid():
        return render(request, "review/edit.html", _edit_context(request, incident, form), status=400)
    loaded_version = form.cleaned_data["version"]
    changes = form.changes()
    if incident.version != loaded_version:
        return _conflict(request, incident, form, loaded_version)
    if not changes:
        messages.info(request, _("Nothing changed."))
        return redirect("review:edit", pk=incident.pk)
    try:
        services.correct_incident(
            incident.pk,
            user=request.user,
            changes=changes,
            expected_version=loaded_version,
            reason=review.clip_reason(form.cleaned_data["reason"]),
        )
    except services.ConcurrentEditError:
        incident.refresh_from_db()
        return _conflict(request, incident, form, loaded_version)
    except ValidationError as exc:
        for name, errors in (
            exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
        ):
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
        return render(request, "review/edit.html", _edit_context(request, incident, form), status=400)
    messages.success(request, _("Saved: %(fields)s.") % {"fields": ", ".join(sorted(changes))})
    return redirect("review:edit", pk=incident.pk)


def _conflict(
    request: HttpRequest, incident: Incident, form: IncidentEditForm, loaded_version: int
) -> HttpResponse:
    """Someone saved after this editor loaded the page: show who and what, keep their work.

    The new form starts from the current values with this editor's own changes (made
    against the version they loaded) laid over them, at the current version, so saving
    again is a deliberate choice and does not silently undo the other edit.
    """
    conflict = review.changes_since(incident, loaded_version)
    loaded = review.state_at_version(incident, loaded_version) or review.current_state(incident)
    mine: dict[str, Any] = {}
    submitted = form.cleaned_data
    for name in services.EDITABLE_FIELDS:
        if name == "point":
            value: Any = form.new_point(loaded["point"])
        elif name in review.M2M_FIELDS:
            value = sorted(a.slug for a in submitted.get(name) or [])
        elif name == "place":
            value = submitted["place"].pk if submitted.get("place") else None
        else:
            value = submitted.get(name)
        if review.values_differ(name, value, loaded[name]):
            mine[name] = value
    fresh = IncidentEditForm(incident=incident, initial=IncidentEditForm.initial_for(incident, mine))
    fresh.initial["reason"] = submitted.get("reason", "")
    context = _edit_context(
        request,
        incident,
        fresh,
        conflict=conflict,
        my_changes=[
            review.FieldChange(n, review.field_label(n), "", review.state_text(n, v)) for n, v in mine.items()
        ],
    )
    return render(request, "review/edit.html", context, status=409)


# --- History and revert --------------------------------------------------------------------------


@editor_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(Incident, pk=pk)
    entries = review.history_entries(incident)
    return render(
        request,
        "review/history.html",
        {
            "incident": incident,
            "entries": entries,
            "current_history_id": entries[0].history_id if entries else None,
        },
    )


@editor_required
@require_POST
def revert(request: HttpRequest, pk: int, history_id: int) -> HttpResponse:
    incident = get_object_or_404(Incident, pk=pk)
    form = ReasonForm(request.POST)
    back = reverse("review:history", args=[incident.pk])
    if not form.is_valid():
        messages.error(request, _("A reason is required to revert."))
        return redirect(back)
    expected = form.cleaned_data.get("version") or incident.version
    try:
        _incident, fields = review.revert_incident(
            incident.pk,
            history_id,
            user=request.user,
            expected_version=expected,
            reason=form.cleaned_data["reason"],
        )
    except services.ConcurrentEditError:
        messages.error(
            request,
            _(
                "Someone changed this incident since you loaded its history. "
                "Check the latest change and try again."
            ),
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if fields:
            messages.success(request, _("Reverted: %(fields)s.") % {"fields": ", ".join(fields)})
        else:
            messages.info(request, _("That version has the same values as now: nothing to revert."))
    return redirect(back)


# --- Merge and split ------------------------------------------------------------------------------


@editor_required
@require_POST
def merge_into(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(Incident, pk=pk)
    form = MergeIntoForm(request.POST, incident=incident)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("review:edit", pk=incident.pk)
    target = form.cleaned_data["target"]
    services.merge_incidents(
        target, [incident.pk], user=request.user, reason=review.clip_reason(form.cleaned_data["reason"])
    )
    messages.success(
        request, _("Incident #%(id)d merged into #%(target)d.") % {"id": incident.pk, "target": target}
    )
    return redirect("review:edit", pk=target)


@editor_required
@require_POST
def split(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(IncidentSource, pk=source_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A reason is required to split a source off."))
        return redirect("review:edit", pk=source.incident_id)
    try:
        with transaction.atomic():
            new = services.split_source(
                source.pk, user=request.user, reason=review.clip_reason(form.cleaned_data["reason"])
            )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("review:edit", pk=source.incident_id)
    messages.success(request, _("Source split off into new incident #%(id)d.") % {"id": new.pk})
    return redirect("review:edit", pk=new.pk)


# --- Place search ---------------------------------------------------------------------------------


@editor_required
@require_GET
def places(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"results": review.search_places(request.GET.get("q", ""))})
