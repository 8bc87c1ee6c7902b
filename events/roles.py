"""Roles as Django groups: analyst (read), editor (review and correct), admin."""

from __future__ import annotations

from typing import Any

ANALYST, EDITOR, ADMIN = "analyst", "editor", "admin"

_READ = ["view_incident", "view_incidentsource", "view_statistic", "view_place", "view_actor", "view_article"]
_EDIT = ["change_incident", "add_incident", "change_incidentsource", "add_article"]
_ADMIN = ["add_feed", "change_feed", "delete_feed", "view_feed", "change_article", "delete_incident"]
# User management in the Django admin (/admin/auth/user/): adding a user needs add_user *and*
# change_user; view_group lets an admin see the roles they assign. The groups' own permissions
# stay defined here (ensure_roles resets them after every migrate), so no change_group. Admins
# also revoke API tokens (Auth Token › Tokens).
_USERS = ["add_user", "change_user", "delete_user", "view_user", "view_group", "view_tokenproxy",
          "delete_tokenproxy"]  # fmt: skip

ROLE_PERMISSIONS = {
    ANALYST: _READ,
    EDITOR: _READ + _EDIT,
    ADMIN: _READ + _EDIT + _ADMIN + _USERS,
}
# The apps whose permissions the roles name (codenames are looked up in these apps only).
ROLE_APPS = ["events", "ingest", "auth", "authtoken"]


def ensure_roles(**kwargs: Any) -> None:
    """Create the role groups with their permissions (idempotent; runs after every migrate, so
    existing deployments pick up changes to ROLE_PERMISSIONS on their next migrate)."""
    from django.contrib.auth.models import Group, Permission

    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(codename__in=codenames, content_type__app_label__in=ROLE_APPS)
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
