"""API error handling: database and task-queue outages answer JSON 503, not
Django's HTML error page."""

from __future__ import annotations

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from ops_tracker.celery import BROKER_ERRORS

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, plus: a lost or refused database or broker connection is a
    retryable 503."""
    response = exception_handler(exc, context)
    if response is None and isinstance(exc, BROKER_ERRORS):
        # Raised by task.delay(): nothing was queued. Views queue only what is
        # already stored consistently (or store nothing), so a retry is safe.
        logger.error("task queue unavailable during %s: %s: %s", context.get("view"), type(exc).__name__, exc)
        response = Response(
            {"detail": "The task queue is temporarily unavailable; nothing was queued. Retry shortly."},
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    elif response is None and isinstance(exc, OperationalError | InterfaceError):
        logger.warning("database unavailable during %s: %s", context.get("view"), exc)
        response = Response(
            {"detail": "The database is temporarily unavailable; retry shortly."},
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    elif response is None and isinstance(exc, DatabaseError):
        logger.exception("database error during %s", context.get("view"))
    return response
