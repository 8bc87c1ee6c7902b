"""API permissions by role."""

from __future__ import annotations

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .roles import ADMIN, ANALYST, EDITOR, has_role


class ReadRoleOrPublic(BasePermission):
    """Reads: public when API_PUBLIC_READ, else any role. Writes: editors."""

    def has_permission(self, request, view) -> bool:  # noqa: ANN001
        if request.method in SAFE_METHODS:
            return settings.API_PUBLIC_READ or has_role(request.user, ANALYST)
        return has_role(request.user, EDITOR)


class IsEditor(BasePermission):
    def has_permission(self, request, view) -> bool:  # noqa: ANN001
        return has_role(request.user, EDITOR)


class IsAdminRole(BasePermission):
    def has_permission(self, request, view) -> bool:  # noqa: ANN001
        return has_role(request.user, ADMIN)
