"""Schema-driven fuzzing (schemathesis) of the live API, bounded.

Loads /api/v1/schema/ from the live test server and, for every operation, sends a bounded
number of generated requests: reads with an analyst's token, writes with an editor's token.
Every response must be a non-5xx with a documented status code, content type and body
shape. Each operation with an ``{id}`` runs once with generated ids and once with the id of
an existing object. A few operations are left out on purpose (see SKIPPED).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token

from events import services
from events.models import Statistic
from events.roles import ANALYST, EDITOR
from tests.api.helpers import make_incident
from tests.factories import ArticleFactory, IncidentSourceFactory, PlaceFactory, UserFactory

schemathesis = pytest.importorskip("schemathesis")
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Generated examples per operation (and per id mode); keeps the whole run well under 2 minutes.
READ_EXAMPLES = 25
WRITE_EXAMPLES = 15
NEGATIVE_EXAMPLES = 8

SKIPPED = {
    # queues Celery tasks (and a generated URL would make the server resolve outside hosts)
    ("POST", "/api/v1/articles/"),
    ("POST", "/api/v1/articles/fetch/"),
    # would invalidate the token the run authenticates with
    ("POST", "/api/v1/auth/token/rotate/"),
}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def data(actors: Any) -> dict[str, int]:  # noqa: ANN401
    """A little of everything, so generated requests also reach real rows."""
    editor_user = UserFactory(username="fuzz-editor", role=EDITOR)
    main = make_incident(actors=["sdf"], targets=["isis"], killed=2, persons=["ابراهيم"], sources=2)
    dup = make_incident(sources=1)
    services.merge_incidents(main.pk, [dup.pk], user=editor_user, reason="same raid")
    services.correct_incident(
        main.pk, user=editor_user, changes={"injured": 1}, expected_version=main.version + 1
    )
    make_incident(point=None, date_start=None, date_end=None, geo_precision="", type="airstrike")
    make_incident(governorate="Ar-Raqqah", date_start=date(2025, 4, 2), type="clash", sources=1)
    article = ArticleFactory()
    IncidentSourceFactory(article=article, incident=main)
    Statistic.objects.create(
        article=article, period_start=date(2025, 1, 1), period_end=date(2025, 6, 30), reporter="CENTCOM",
        operations=153, killed=44, evidence="153 عملية",
    )  # fmt: skip
    PlaceFactory(search_text="ذيبان | dhiban")
    return {"incident": main.pk, "source": main.sources.first().pk, "article": article.pk}


@pytest.fixture
def actors(db: Any) -> None:  # noqa: ANN401
    from events.actors import ACTORS
    from events.models import Actor

    for slug, name_en, name_ar in ACTORS:  # a transactional test starts from an empty table
        Actor.objects.get_or_create(slug=slug, defaults={"name_en": name_en, "name_ar": name_ar})


def _token(username: str, role: str) -> str:
    return Token.objects.create(user=UserFactory(username=username, role=role)).key


def _ids_for(path: str, data: dict[str, int]) -> dict[str, int] | None:
    if "{id}" not in path:
        return None
    if path.startswith("/api/v1/sources/"):
        return {"id": data["source"]}
    if path.startswith("/api/v1/articles/"):
        return {"id": data["article"]}
    return {"id": data["incident"]}


def _summary(exc: BaseException) -> str:
    """One line: the failed checks and statuses (so that repeats of one problem collapse)."""
    lines = [line.strip() for line in str(exc).splitlines()]
    keys = [line for line in lines if line.startswith(("- ST", "Received:", "Documented:", "[5"))]
    return " | ".join(keys) or next((line for line in lines if line), type(exc).__name__)


def _run(
    operation: Any, strategy: Any, examples: int, call: Any, negative: bool = False  # noqa: ANN401
) -> dict[str, str]:
    """{one-line summary: the first full report} of the failures of ``examples`` generated cases."""
    failures: dict[str, str] = {}

    @hypothesis_settings(
        max_examples=examples, deadline=None, database=None, derandomize=True,
        phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @given(case=strategy)
    def test(case: Any) -> None:  # noqa: ANN401
        try:
            call(case)
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collected, reported together below
            summary = f"{operation.method.upper()} {operation.path}: {_summary(exc)}"
            failures.setdefault(summary, str(exc))

    try:
        test()
    except Unsatisfiable:
        if not negative:
            raise  # an operation with nothing to make invalid has no negative cases
    return failures


def test_generated_requests_against_the_live_schema(live_server, settings, data):  # noqa: ANN001
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
    }
    reader = {"Authorization": f"Token {_token('fuzz-analyst', ANALYST)}"}
    writer = {"Authorization": f"Token {_token('fuzz-writer', EDITOR)}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/?format=json", headers=reader)

    failures: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for result in schema.get_all_operations():
        operation = result.ok()
        key = (operation.method.upper(), operation.path)
        if key in SKIPPED:
            continue
        seen.add(key)
        is_read = key[0] in ("GET", "HEAD")
        headers = reader if is_read else writer
        examples = READ_EXAMPLES if is_read else WRITE_EXAMPLES

        def valid(case: Any, headers: dict[str, str] = headers) -> None:  # noqa: ANN401
            response = case.call(base_url=live_server.url, headers=headers, timeout=30)
            case.validate_response(response, checks=CHECKS, headers=headers)

        def invalid(case: Any, headers: dict[str, str] = headers) -> None:  # noqa: ANN401
            # Invalid input: any answer but a server error.
            response = case.call(base_url=live_server.url, headers=headers, timeout=30)
            case.validate_response(response, checks=[not_a_server_error], headers=headers)

        failures |= _run(operation, operation.as_strategy(), examples, valid)
        ids = _ids_for(operation.path, data)
        if ids:
            failures |= _run(operation, operation.as_strategy(path_parameters=ids), examples, valid)
        invalid_cases = operation.as_strategy(GenerationMode.NEGATIVE)
        failures |= _run(operation, invalid_cases, NEGATIVE_EXAMPLES, invalid, negative=True)

    # the run covered the API (a schema that lost its paths would pass vacuously)
    for expected in [
        ("GET", "/api/v1/incidents/"), ("GET", "/api/v1/incidents/{id}/"),
        ("PATCH", "/api/v1/incidents/{id}/"), ("GET", "/api/v1/aggregates/"), ("GET", "/api/v1/statistics/"),
        ("GET", "/api/v1/places/"), ("POST", "/api/v1/incidents/merge/"), ("GET", "/api/v1/articles/"),
        ("GET", "/api/v1/auth/token/mine/"),
    ]:  # fmt: skip
        assert expected in seen, expected
    summaries = "\n".join(sorted(failures))
    report = "\n\n".join(f"{summary}\n{failures[summary]}" for summary in sorted(failures))
    assert not failures, f"{len(failures)} distinct failures:\n{summaries}\n\n{report}"
