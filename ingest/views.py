"""Editors' submission page (/ingest/submit/): paste, upload or URL.

The view only validates the form and calls services; every outcome (stored,
near-duplicate, duplicate, failed with the reason) is shown in a summary.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.roles import EDITOR, has_role
from ops_tracker.celery import BROKER_ERRORS

from . import services
from .fetch import FetchError, resolve_target
from .forms import UPLOAD_MAX_BYTES, PasteForm, UploadForm, UrlForm
from .models import Article

View = Callable[..., HttpResponse]
logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


def editor_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if has_role(request.user, EDITOR):
            return view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied

    return wrapper


@require_http_methods(["GET", "POST"])
@editor_required
def submit(request: HttpRequest) -> HttpResponse:
    length = request.META.get("CONTENT_LENGTH") or "0"
    if request.method == "POST" and length.isdigit() and int(length) > UPLOAD_MAX_BYTES + 65536:
        # Refused before Django parses (and spools) the body.
        return HttpResponse(
            _("The upload is too large."), status=413, content_type="text/plain; charset=utf-8"
        )
    kind = request.POST.get("kind", "") if request.method == "POST" else ""
    forms = {
        "paste": PasteForm(request.POST if kind == "paste" else None, prefix="paste"),
        "upload": UploadForm(
            request.POST if kind == "upload" else None, request.FILES or None, prefix="upload"
        )
        if kind == "upload"
        else UploadForm(prefix="upload"),
        "url": UrlForm(request.POST if kind == "url" else None, prefix="url"),
    }
    summary: services.BatchSummary | None = None
    queued_url = ""
    status = 200
    queue_down = False
    form = forms.get(kind)
    if form is not None and form.is_valid():
        summary = services.BatchSummary()
        if kind == "paste":
            summary = services.submit_records(
                [form.record()], channel=Article.Channel.UPLOAD, labels=[_("pasted text")]
            )
        elif kind == "upload":
            upload = form.cleaned_data["file"]
            records, errors = services.parse_upload(upload.read(), upload.name)
            if errors:
                # All or nothing: a partly broken file is fixed and sent again.
                summary.failed.extend((upload.name, error) for error in errors)
            else:
                labels = [f"{upload.name} #{i}" for i in range(1, len(records) + 1)]
                summary = services.submit_records(records, channel=Article.Channel.UPLOAD, labels=labels)
        else:
            url = form.cleaned_data["url"]
            try:
                queued_url = _submit_url(url, request.user, summary)
            except BROKER_ERRORS as exc:
                # Nothing is stored before the fetch is queued: the editor
                # sends the same form (still filled in) again later.
                logger.error("URL %s not queued, task queue down (%s: %s)", url, type(exc).__name__, exc)
                message = _("The fetch queue is unavailable; nothing was stored. Try again in a few minutes.")
                summary.failed.append((url, message))
                queue_down = True
        if summary.failed:
            status = 503 if queue_down else 400
    elif form is not None:
        status = 400
    context = {"forms": forms, "summary": summary, "queued_url": queued_url, "kind": kind}
    response = render(request, "ingest/submit.html", context, status=status)
    if queue_down:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _submit_url(url: str, user: Any, summary: services.BatchSummary) -> str:
    """Refuse unsafe URLs at once; fetching itself happens in a task."""
    from .tasks import fetch_url_task

    existing = Article.objects.filter(url=url).first()
    if existing is not None:
        summary.duplicates.append((url, existing.pk, "duplicate url"))
        return ""
    try:
        resolve_target(url)
    except FetchError as exc:
        summary.failed.append((url, str(exc)))
        return ""
    except ValidationError as exc:  # pragma: no cover - defensive
        summary.failed.append((url, "; ".join(exc.messages)))
        return ""
    fetch_url_task.delay(url, user_id=user.pk)
    return url
