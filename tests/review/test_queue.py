"""The review queue: order, filters, markup for keyboard and no-JS use."""

from datetime import date

import pytest

from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def _order(page):
    return [
        int(chunk.split('"')[0])
        for chunk in page.split('class="queue-row')[1:]
        for chunk in [chunk.split('data-id="')[1]]
    ]


def test_new_first_then_flagged_then_lowest_confidence(editor_client):
    reviewed_low = IncidentFactory(status="reviewed", confidence=0.1)
    new_high = IncidentFactory(confidence=0.9)
    new_low = IncidentFactory(confidence=0.2)
    new_flagged = IncidentFactory(confidence=0.95, needs_review=True)
    verified_flagged = IncidentFactory(status="verified", needs_review=True, confidence=0.5)
    IncidentFactory(status="verified")  # done: not in the default queue
    IncidentFactory(status="rejected", status_reason="x")
    order = _order(editor_client.get("/review/").content.decode())
    assert order == [new_flagged.pk, new_low.pk, new_high.pk, verified_flagged.pk, reviewed_low.pk]


def test_filters(editor_client):
    raid = IncidentFactory(type="raid", governorate="Raqqa", date_start=date(2025, 1, 5), date_end=None)
    strike = IncidentFactory(
        type="airstrike", governorate="Deir ez-Zor", date_start=date(2025, 6, 1), date_end=None
    )
    verified = IncidentFactory(status="verified")

    def ids(query):
        return set(_order(editor_client.get("/review/", query).content.decode()))

    assert ids({"type": "airstrike"}) == {strike.pk}
    assert ids({"governorate": "Raqqa"}) == {raid.pk}
    assert ids({"date_from": "2025-05-01"}) == {strike.pk}
    assert ids({"date_to": "2025-02-01"}) == {raid.pk}
    assert ids({"status": "verified"}) == {verified.pk}
    assert ids({"needs_review": "1"}) == set()


def test_rows_work_without_javascript_and_carry_keyboard_hooks(editor_client):
    incident = IncidentFactory()
    page = editor_client.get("/review/").content.decode()
    assert 'id="review-queue"' in page and "review/js/queue.js" in page
    row = page.split(f'data-id="{incident.pk}"')[1].split("</tr>")[0]
    assert f'data-edit-url="/review/incidents/{incident.pk}/edit/"' in row
    assert 'class="inline-form verify-form"' in row and 'class="inline-form reject-form"' in row
    assert 'name="reason" required' in row  # a reject without a reason is refused by the browser too
    assert 'form="bulk-form"' in row
    assert page.count("csrfmiddlewaretoken") >= 3  # bulk form + each row form
    assert "<script>" not in page


def test_queue_pages(editor_client):
    for _ in range(55):
        IncidentFactory()
    first = editor_client.get("/review/").content.decode()
    assert len(_order(first)) == 50 and "page=2" in first
    assert len(_order(editor_client.get("/review/?page=2").content.decode())) == 5


def test_arabic_is_the_default_and_rtl(editor_client, settings):
    settings.LANGUAGE_CODE = "ar"
    page = editor_client.get("/review/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
