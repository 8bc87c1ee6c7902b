"""Template helpers for the analyst pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from ..gazetteer import ATTRIBUTIONS
from ..roles import ADMIN, EDITOR, has_role
from ..transliterate import has_arabic, transliterate

register = template.Library()


@register.filter
def translit(value: str | None) -> str:
    """Latin transliteration of Arabic text ('' when the text has no Arabic)."""
    return transliterate(value) if has_arabic(value) else ""


@register.filter
def dash(value: Any) -> Any:
    """An em dash for a missing value (0 stays 0)."""
    return "—" if value is None or value == "" or value == [] else value


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(float(value) * 100)}%"


@register.simple_tag
def data_attributions() -> tuple[str, ...]:
    return ATTRIBUTIONS


@register.simple_tag(takes_context=True)
def nav_roles(context: template.Context) -> dict[str, bool]:
    user = context.get("user")
    return {
        "editor": has_role(user, EDITOR),
        "admin": has_role(user, ADMIN),
        "public": settings.API_PUBLIC_READ,
    }


@register.filter
def get_list(query: Any, key: str) -> list[str]:
    """All values of ``key`` in a QueryDict (``request.GET|get_list:'type'``)."""
    return query.getlist(key) if hasattr(query, "getlist") else []
