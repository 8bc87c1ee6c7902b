import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import UserFactory


def pytest_configure(config):  # noqa: ANN001
    # whitenoise warns when collectstatic has not run; irrelevant to API tests
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def _api_test_settings(settings):  # noqa: ANN001
    settings.SECURE_SSL_REDIRECT = False
    # no collectstatic in tests: plain storage instead of the manifest (browsable API, Swagger UI)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clear_throttle_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(db):  # noqa: ANN001
    return APIClient()


@pytest.fixture
def as_analyst(analyst):  # noqa: ANN001
    client = APIClient()
    client.force_authenticate(analyst)
    return client


@pytest.fixture
def as_editor(editor):  # noqa: ANN001
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def as_admin(admin_user):  # noqa: ANN001
    client = APIClient()
    client.force_authenticate(admin_user)
    return client


@pytest.fixture
def nobody(db):  # noqa: ANN001
    """Authenticated, but no role."""
    client = APIClient()
    client.force_authenticate(UserFactory(username="norole"))
    return client
