import pytest
from django.test import Client

from events.models import Actor
from events.roles import ADMIN, ANALYST, EDITOR
from tests.factories import UserFactory

PASSWORD = "correct horse battery"


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
