"""The admin role (staff, not superuser) manages users in the Django admin; an editor cannot."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from events.roles import ADMIN, ANALYST, EDITOR
from tests.factories import UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long new password 42"


def _login(user) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _add(client: Client, username: str):  # noqa: ANN202
    return client.post(
        "/admin/auth/user/add/",
        {"username": username, "usable_password": "true", "password1": NEW_PASSWORD,
         "password2": NEW_PASSWORD},  # fmt: skip
    )


def test_admin_role_adds_a_user_and_gives_them_a_role():
    admin = UserFactory(username="boss", role=ADMIN, is_staff=True)
    assert not admin.is_superuser
    client = _login(admin)
    assert "/admin/auth/user/" in client.get("/admin/").content.decode()
    assert client.get("/admin/auth/user/add/").status_code == 200

    response = _add(client, "new_analyst")
    assert response.status_code == 302, response.content.decode()[-2000:]
    user = get_user_model().objects.get(username="new_analyst")
    assert response["Location"] == f"/admin/auth/user/{user.pk}/change/"
    assert user.check_password(NEW_PASSWORD) and not user.is_staff and not user.is_superuser

    # ... and, on the change page, gives them the analyst role.
    page = client.get(f"/admin/auth/user/{user.pk}/change/")
    assert page.status_code == 200
    analyst = Group.objects.get(name=ANALYST)
    changed = client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": "new_analyst", "first_name": "", "last_name": "", "email": "", "is_active": "on",
            "groups": [analyst.pk], "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"), "_save": "Save",
        },
    )  # fmt: skip
    assert changed.status_code == 302, changed.content.decode()[-2000:]
    assert list(user.groups.values_list("name", flat=True)) == [ANALYST]
    # the roles are visible (read-only) to the admin
    assert client.get("/admin/auth/group/").status_code == 200
    assert client.get(f"/admin/auth/group/{analyst.pk}/change/").status_code == 200
    # and revokes API tokens
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 200


def test_admin_group_holds_the_user_permissions():
    admin = UserFactory(role=ADMIN, is_staff=True)
    perms = admin.get_all_permissions()
    wanted = {"auth.add_user", "auth.change_user", "auth.view_user", "auth.delete_user", "auth.view_group",
              "authtoken.delete_tokenproxy"}  # fmt: skip
    assert wanted <= perms
    assert "auth.change_group" not in perms  # role permissions live in events/roles.py
    editor = UserFactory(role=EDITOR, is_staff=True)
    assert not {p for p in editor.get_all_permissions() if p.startswith("auth.")}


def test_editor_cannot_add_users():
    editor = UserFactory(username="ed", role=EDITOR, is_staff=True)  # even with admin-site access
    client = _login(editor)
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/user/add/").status_code == 403
    assert _add(client, "sneaky").status_code == 403
    assert not get_user_model().objects.filter(username="sneaky").exists()


def test_non_staff_editor_is_sent_to_the_admin_login():
    client = _login(UserFactory(username="ed2", role=EDITOR))
    response = _add(client, "sneaky")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not get_user_model().objects.filter(username="sneaky").exists()


def test_admin_role_cannot_grant_superuser_or_edit_a_superuser():
    admin = UserFactory(username="boss2", role=ADMIN, is_staff=True)
    root = UserFactory(username="root2", is_staff=True, is_superuser=True)
    client = _login(admin)
    page = client.get(f"/admin/auth/user/{admin.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page  # shown read-only, not as a checkbox
    assert client.get(f"/admin/auth/user/{root.pk}/change/").status_code in (302, 403) or (
        'name="is_superuser"' not in client.get(f"/admin/auth/user/{root.pk}/change/").content.decode()
    )
    assert client.post(f"/admin/auth/user/{root.pk}/delete/", {"post": "yes"}).status_code == 403
    root.refresh_from_db()
    assert root.is_active and root.is_superuser
