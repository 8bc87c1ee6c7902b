import pytest
from django.test import Client, override_settings

from events.models import Actor
from events.roles import ADMIN, ANALYST, EDITOR
from tests.factories import UserFactory

PASSWORD = "correct horse battery"


def _plain_http_settings() -> dict:
    from django.conf import settings

    return {
        # The test server speaks plain HTTP.
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
    """Session-scoped so that it is set up before pytest-django's session-scoped
    live_server starts (SecurityMiddleware reads SECURE_SSL_REDIRECT once, and
    fixtures of a wider scope are set up first)."""
    override = override_settings(**_plain_http_settings())
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"  # assertions read English; the Arabic default is checked on its own


@pytest.fixture
def actors(db):
    """The actor vocabulary (a data migration creates it; transactional tests flush it)."""
    from events.actors import ACTORS

    for slug, name_en, name_ar in ACTORS:
        Actor.objects.get_or_create(slug=slug, defaults={"name_en": name_en, "name_ar": name_ar})
    return {a.slug: a for a in Actor.objects.all()}


def client_for(role):
    client = Client()
    if role is not None:
        client.force_login(UserFactory(role=role, is_staff=role == ADMIN))
    return client


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def role_client(db, request):
    return client_for(request.param)


ROLES = [None, ANALYST, EDITOR, ADMIN]
