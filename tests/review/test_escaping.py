"""Arabic and HTML in every field shown by the review pages are escaped, never executed."""

import pytest

from events import services
from tests.factories import ArticleFactory, IncidentFactory, IncidentSourceFactory, PlaceFactory

from .helpers import edit_payload

pytestmark = pytest.mark.django_db

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)> ذيبان "قسد" & \'داعش\''


def _assert_escaped(page):
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page
    assert "ذيبان" in page


def test_every_field_is_escaped_on_queue_edit_and_history(editor, editor_client, actors):
    place = PlaceFactory(name_ar=EVIL, name_en="<b>bold</b>")
    incident = IncidentFactory(
        subtype="<i>x</i>", place_name=EVIL, governorate="<b>Raqqa</b>", district=EVIL, place=place,
        persons=[EVIL], seized=[EVIL], summary_ar=EVIL, summary_en=EVIL, status_reason=EVIL,
    )  # fmt: skip
    IncidentSourceFactory(
        incident=incident, evidence=EVIL, claimed_place_name=EVIL, article=ArticleFactory(title=EVIL)
    )
    services.correct_incident(
        incident.pk, user=editor, changes={"place_name": EVIL + " 2", "persons": [EVIL, "أبو <عمر>"]},
        expected_version=1, reason=EVIL[:90],
    )  # fmt: skip

    queue = editor_client.get("/review/").content.decode()
    _assert_escaped(queue)
    edit = editor_client.get(f"/review/incidents/{incident.pk}/edit/").content.decode()
    _assert_escaped(edit)
    assert "أبو &lt;عمر&gt;" in edit
    history = editor_client.get(f"/review/incidents/{incident.pk}/history/").content.decode()
    _assert_escaped(history)
    assert "&lt;b&gt;Raqqa&lt;/b&gt;" in edit


def test_conflict_message_escapes_values_and_names(editor_client, actors):
    from django.test import Client

    from tests.factories import UserFactory

    incident = IncidentFactory()
    other = Client()
    other.force_login(UserFactory(username="<b>mallory</b>", role="editor"))
    stale = edit_payload(incident, place_name="x")
    other.post(f"/review/incidents/{incident.pk}/edit/", edit_payload(incident, place_name=EVIL))
    page = editor_client.post(f"/review/incidents/{incident.pk}/edit/", stale).content.decode()
    assert "&lt;b&gt;mallory&lt;/b&gt;" in page and "<b>mallory</b>" not in page
    _assert_escaped(page)


def test_place_search_json_is_data_not_markup(editor_client):
    PlaceFactory(name_ar="ذيبان <script>", name_en="Dhiban</script>", search_text="ذيبان")
    response = editor_client.get("/review/places/", {"q": "ذيبان"})
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"][0]["name_ar"] == "ذيبان <script>"
    assert response["X-Content-Type-Options"] == "nosniff"  # never sniffed as HTML
    with open("static/review/js/edit.js", encoding="utf-8") as handle:
        js = handle.read()
    assert "innerHTML" not in js and "li.textContent = label(p)" in js  # shown as text
