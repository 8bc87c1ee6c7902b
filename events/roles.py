"""Roles as Django groups: analyst (read), editor (review and correct), admin."""

from __future__ import annotations

from typing import Any

ANALYST, EDITOR, ADMIN = "analyst", "editor", "admin"

_READ = ["view_incident", "view_incidentsource", "view_statistic", "view_place", "view_actor", "view_article"]
_EDIT = ["change_incident", "add_incident", "change_incidentsource", "add_article"]
_ADMIN = ["add_feed", "change_feed", "delete_feed", "view_feed", "change_article", "delete_incident"]

ROLE_PERMISSIONS = {
    ANALYST: _READ,
    EDITOR: _READ + _EDIT,
    ADMIN: _READ + _EDIT + _ADMIN,
}


def ensure_roles(**kwargs: Any) -> None:
    """Create the role groups with their permissions (idempotent; runs after migrate)."""
    from django.contrib.auth.models import Group, Permission

    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(
            codename__in=codenames, content_type__app_label__in=["events", "ingest"]
        )
        group.permissions.set(perms)


def user_role(user: Any) -> str | None:
    """The strongest role a user holds (superusers are admins)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return ADMIN
    names = set(user.groups.values_list("name", flat=True))
    for role in (ADMIN, EDITOR, ANALYST):
        if role in names:
            return role
    return None


def has_role(user: Any, role: str) -> bool:
    order = [ANALYST, EDITOR, ADMIN]
    current = user_role(user)
    return current is not None and order.index(current) >= order.index(role)
