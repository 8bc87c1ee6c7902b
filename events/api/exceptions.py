"""API error handling: database outages answer JSON 503, not Django's HTML error page."""

from __future__ import annotations

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, plus: a lost or refused database connection is a retryable 503."""
    response = exception_handler(exc, context)
    if response is None and isinstance(exc, OperationalError | InterfaceError):
        logger.warning("database unavailable during %s: %s", context.get("view"), exc)
        response = Response(
            {"detail": "The database is temporarily unavailable; retry shortly."},
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    elif response is None and isinstance(exc, DatabaseError):
        logger.exception("database error during %s", context.get("view"))
    return response
