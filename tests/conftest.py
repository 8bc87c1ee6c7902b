import pytest

from events.roles import ADMIN, ANALYST, EDITOR
from tests.factories import UserFactory


@pytest.fixture
def analyst(db):  # noqa: ANN001
    return UserFactory(username="analyst1", role=ANALYST)


@pytest.fixture
def editor(db):  # noqa: ANN001
    return UserFactory(username="editor1", role=EDITOR)


@pytest.fixture
def admin_user(db):  # noqa: ANN001
    return UserFactory(username="admin1", role=ADMIN, is_staff=True)
