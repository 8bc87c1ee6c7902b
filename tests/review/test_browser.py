"""An editor corrects an incident's place on the map and its count in headless Chromium."""

from __future__ import annotations

import re

import pytest
from django.contrib.gis.geos import Point

from events.models import Incident
from tests.browser import ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH
from tests.factories import IncidentFactory, IncidentSourceFactory, UserFactory

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page(live_server, monkeypatch, settings):
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes between browser steps are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.LANGUAGE_CODE = "ar"  # the default: editors read Arabic, right to left
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ar")
        page = context.new_page()
        # Only the app itself: map tiles and anything else outside are refused.
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
            ),
        )
        problems: list[str] = []
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.problems = problems
        yield page
        context.close()
        browser.close()


def _js_errors(page) -> list[str]:
    # Refused tile requests are expected; script errors and CSP violations are not.
    return [p for p in page.problems if "net::ERR_FAILED" not in p and "Failed to load resource" not in p]


def test_editor_moves_the_point_and_corrects_a_count(live_server, browser_page, actors):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser_page
    UserFactory(username="editor1", role="editor")
    incident = IncidentFactory(killed=1, place_name="ذيبان", summary_ar="إنزال جوي في ذيبان")
    IncidentSourceFactory(incident=incident, claimed_killed=1)
    IncidentSourceFactory(incident=incident, claimed_killed=3)
    old_point = (incident.point.x, incident.point.y)
    edit_url = f"{live_server.url}/review/incidents/{incident.pk}/edit/"

    # Log in through the login page (Arabic, the default language).
    page.goto(edit_url)
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", "editor1")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(edit_url)
    assert page.get_attribute("html", "dir") == "rtl"
    page.wait_for_selector(".point-picker[data-ready='1']")
    page.wait_for_selector(".leaflet-marker-icon")
    page.screenshot(path=str(ARTIFACTS / "review-edit-ar.png"), full_page=True)

    # Click on the map, away from the marker and the controls: the point moves there.
    map_box = page.locator(".point-picker-map").bounding_box()
    page.mouse.click(map_box["x"] + map_box["width"] * 0.75, map_box["y"] + map_box["height"] * 0.3)
    page.wait_for_function(
        "(old) => document.querySelector('input[name=latitude]').value !== old",
        arg=str(round(old_point[1], 6)),
    )
    lat = float(page.input_value("input[name=latitude]"))
    lon = float(page.input_value("input[name=longitude]"))
    assert (lat, lon) != (round(old_point[1], 6), round(old_point[0], 6))
    assert lat > old_point[1] and lon > old_point[0]  # up and to the right of the old point
    geojson = page.input_value("textarea[name=point]")
    assert '"Point"' in geojson

    page.fill("input[name=killed]", "6")
    page.fill("input[name=reason]", "CENTCOM: the raid was east of Dhiban")
    page.screenshot(path=str(ARTIFACTS / "review-edit-ar-moved.png"), full_page=True)
    page.click("#save-button")
    page.wait_for_url(edit_url)
    page.wait_for_selector("ul.messages li.success")

    incident.refresh_from_db()
    assert incident.killed == 6
    assert incident.point.y == pytest.approx(lat, abs=1e-5)
    assert incident.point.x == pytest.approx(lon, abs=1e-5)
    assert {"killed", "point"} <= set(incident.locked_fields)
    assert page.locator(".field-killed .badge.lock").count() == 1
    assert page.locator(".field-point .badge.lock").count() == 1

    # The history shows who, why and old -> new for both fields.
    page.goto(f"{live_server.url}/review/incidents/{incident.pk}/history/")
    newest = page.locator(".history-entry").first
    text = newest.inner_text()
    assert "editor1" in text and "CENTCOM: the raid was east of Dhiban" in text
    assert newest.locator("tr.change-killed").inner_text().split()[-2:] == ["1", "6"]
    point_row = newest.locator("tr.change-point").inner_text()
    assert f"{lat:.5f}, {lon:.5f}" in point_row
    page.screenshot(path=str(ARTIFACTS / "review-history-ar.png"), full_page=True)

    # The incident's data (REST API) carries the new point.
    data = page.request.get(f"{live_server.url}/api/v1/incidents/{incident.pk}/")
    assert data.ok, data.status
    body = data.text()
    assert f"{lat:.4f}"[:-1] in body and f"{lon:.4f}"[:-1] in body
    # ... and the public incident page shows it on its map data.
    detail = page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    assert detail is not None and detail.ok, detail and detail.status
    html = page.content()
    assert re.search(rf"{lat:.4f}"[:-1], html) and re.search(rf"{lon:.4f}"[:-1], html)
    page.screenshot(path=str(ARTIFACTS / "review-incident-page-ar.png"), full_page=True)

    # On the dashboard map: the GeoJSON the map loads carries the corrected point and count ...
    with page.expect_response(lambda r: "/api/v1/incidents.geojson" in r.url) as loaded:
        page.goto(f"{live_server.url}/")
    geo = loaded.value
    assert geo.ok, geo.status
    feature = next(f for f in geo.json()["features"] if f["id"] == incident.pk)
    assert feature["geometry"]["coordinates"] == pytest.approx([lon, lat], abs=1e-5)
    assert feature["properties"]["killed"] == 6
    # ... and the marker's popup (opened from the list's "show on map" button) shows the new count.
    page.click(f"#incident-rows tr[data-id='{incident.pk}'] button.icon-button")
    popup = page.locator(".leaflet-popup-content .popup")
    popup.wait_for()
    counts = popup.locator(".popup-counts").inner_text()
    assert "6" in counts and "1" not in counts  # killed 1 -> 6 (arrested stays 2)
    page.screenshot(path=str(ARTIFACTS / "review-dashboard-popup-ar.png"), full_page=True)

    # English through the language switcher (/i18n/setlang/).
    page.goto(f"{live_server.url}/review/")
    page.select_option("#language-select", "en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.get_attribute("html", "dir") == "ltr"
    page.screenshot(path=str(ARTIFACTS / "review-queue-en.png"), full_page=True)
    page.goto(edit_url)
    page.wait_for_selector(".point-picker[data-ready='1']")
    page.screenshot(path=str(ARTIFACTS / "review-edit-en.png"), full_page=True)

    assert _js_errors(page) == []
    assert Incident.objects.get(pk=incident.pk).version == 2


def test_keyboard_review_in_the_queue(live_server, browser_page):
    page = browser_page
    UserFactory(username="editor1", role="editor")
    first = IncidentFactory(confidence=0.1)
    second = IncidentFactory(confidence=0.2)
    page.goto(f"{live_server.url}/accounts/login/?next=/review/")
    page.fill("input[name=username]", "editor1")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/review/")
    page.wait_for_selector("tr.queue-row.is-current")
    page.screenshot(path=str(ARTIFACTS / "review-queue-ar.png"), full_page=True)
    page.keyboard.press("j")  # to the second row
    page.once("dialog", lambda dialog: dialog.accept("wire copy of another report"))
    # Each action posts and reloads the queue: wait for that reload (the success message of the
    # previous one is still on the page until it happens), then for the script to be ready again.
    with page.expect_navigation():
        page.keyboard.press("r")
    page.wait_for_selector("ul.messages li.success")
    page.wait_for_selector("tr.queue-row.is-current")
    with page.expect_navigation():
        page.keyboard.press("v")  # the first row is current again after the reload
    page.wait_for_selector("ul.messages li.success")
    assert Incident.objects.get(pk=second.pk).status == "rejected"
    assert Incident.objects.get(pk=second.pk).status_reason == "wire copy of another report"
    assert Incident.objects.get(pk=first.pk).status == "verified"
    assert _js_errors(page) == []


def test_place_search_autocomplete_fills_the_place(live_server, browser_page):
    from ingest.extraction.normalise import normalise_word
    from tests.factories import PlaceFactory

    page = browser_page
    UserFactory(username="editor1", role="editor")
    place = PlaceFactory(
        name_ar="الشحيل", name_en="Al-Shuhayl", governorate="Deir ez-Zor", district="Al-Mayadin",
        search_text=" | ".join([normalise_word("الشحيل"), normalise_word("Al-Shuhayl")]),
        point=Point(40.38, 35.06, srid=4326),
    )  # fmt: skip
    incident = IncidentFactory(governorate="")
    edit_url = f"{live_server.url}/review/incidents/{incident.pk}/edit/"
    page.goto(f"{live_server.url}/accounts/login/?next=/review/incidents/{incident.pk}/edit/")
    page.fill("input[name=username]", "editor1")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(edit_url)
    page.wait_for_selector(".point-picker[data-ready='1']")
    page.fill("input[name=place_search]", "الشحي")
    option = page.wait_for_selector("#place-results li")
    assert "الشحيل" in option.inner_text() and "Al-Shuhayl" in option.inner_text()
    page.screenshot(path=str(ARTIFACTS / "review-place-search-ar.png"))
    option.dispatch_event("mousedown")
    assert page.input_value("input[name=place]") == str(place.pk)
    assert page.input_value("input[name=governorate]") == "Deir ez-Zor"
    assert page.input_value("input[name=district]") == "Al-Mayadin"
    assert (page.input_value("input[name=latitude]"), page.input_value("input[name=longitude]")) == (
        "35.06",
        "40.38",
    )
    page.fill("input[name=reason]", "gazetteer match")
    page.click("#save-button")
    page.wait_for_selector("ul.messages li.success")
    incident.refresh_from_db()
    assert incident.place == place and incident.governorate == "Deir ez-Zor"
    assert (round(incident.point.y, 4), round(incident.point.x, 4)) == (35.06, 40.38)
    assert _js_errors(page) == []
