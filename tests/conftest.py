from collections.abc import Iterator

import pytest
from django.test import override_settings

from events.roles import ADMIN, ANALYST, EDITOR
from tests.factories import UserFactory


def plain_http_settings() -> dict:
    from django.conf import settings

    return {
        # The test servers speak plain HTTP.
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        # No collectstatic in tests: unhashed names, files served from the finders.
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    """Session-scoped, so it is in force before pytest-django's session-scoped
    live_server starts (SecurityMiddleware reads SECURE_SSL_REDIRECT once)."""
    override = override_settings(**plain_http_settings())
    override.enable()
    yield
    override.disable()


@pytest.fixture
def analyst(db):  # noqa: ANN001
    return UserFactory(username="analyst1", role=ANALYST)


@pytest.fixture
def editor(db):  # noqa: ANN001
    return UserFactory(username="editor1", role=EDITOR)


@pytest.fixture
def admin_user(db):  # noqa: ANN001
    return UserFactory(username="admin1", role=ADMIN, is_staff=True)


@pytest.fixture
def eager() -> Iterator[None]:
    """Run Celery tasks in-process for this test."""
    from ops_tracker.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


@pytest.fixture
def editor_api(editor):  # noqa: ANN001
    """An API client authenticated as an editor."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture(autouse=True)
def _fresh_api_cache() -> Iterator[None]:
    """Cached API responses (events.cache) of one test must not answer the next one: the test
    database is rolled back between tests without any write path noticing, so start each test
    on a new data version."""
    from events.cache import _bump_now

    _bump_now()
    yield
