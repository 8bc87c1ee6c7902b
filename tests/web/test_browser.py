"""Headless Chromium against the live server: the analyst's actual screens.

Screenshots go to test-artifacts/ (gitignored) for a human look.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM_PATH).exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the
    # fixtures make meanwhile are still plain synchronous calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar")
    # Offline test machine: no tile server. Tiles fail fast instead of hanging.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page: Any, live_server: Any, username: str = "analyst-b") -> None:
    UserFactory(username=username, role="analyst")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct horse battery")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_incident_page_highlights_evidence_rtl(page: Any, live_server: Any, dataset: dict[str, Any]) -> None:
    log_in(page, live_server)
    page.goto(f"{live_server.url}/incidents/{dataset['main'].pk}/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    mark = page.locator("mark.evidence")
    assert mark.count() == 1
    assert mark.inner_text().endswith("<script>alert(1)</script>")  # shown as text, not run
    assert page.locator("#incident-map .leaflet-interactive").count() >= 1
    page.wait_for_function("() => document.getElementById('incident-map').dataset.boundaries === 'loaded'")
    shot(page, "incident-ar")
    assert not page.js_errors, page.js_errors


def test_statistics_page(page: Any, live_server: Any, dataset: dict[str, Any]) -> None:
    from events.models import Statistic
    from tests.factories import ArticleFactory

    article = ArticleFactory()
    for start, end, ops, reporter in [
        ("2025-01-01", "2025-03-31", 120, "قسد"),
        ("2025-04-01", "2025-06-30", 153, "قسد"),
        ("2025-01-01", "2025-06-30", 240, "خلية الإعلام الأمني"),
    ]:
        Statistic.objects.create(
            article=article,
            period_start=start,
            period_end=end,
            operations=ops,
            reporter=reporter,
            evidence="…",
        )
    log_in(page, live_server)
    page.goto(f"{live_server.url}/statistics/")
    assert page.locator("#stat-chart svg g.tally").count() == 3
    shot(page, "statistics-ar")
    assert not page.js_errors, page.js_errors


def counts(page: Any) -> tuple[str, str, str]:
    return (
        page.inner_text("#count-map"),
        page.inner_text("#count-timeline"),
        page.inner_text("#count-list"),
    )


def wait_loaded(page: Any) -> None:
    page.wait_for_function(
        "() => document.body.dataset.loaded === 'true' && !document.getElementById('load-status').textContent"
    )


def test_dashboard_filters_timeline_list_agree(page: Any, live_server: Any, dataset: dict[str, Any]) -> None:
    log_in(page, live_server)
    wait_loaded(page)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # 7 visible incidents (the rejected one is hidden by default): map, timeline and list agree
    assert counts(page) == ("7", "7", "7")
    assert page.locator("#incident-rows tr").count() == 7
    assert int(page.get_attribute("#map", "data-marker-count")) == 7
    shot(page, "dashboard-ar")

    # a filter: only attacks
    page.check("input[name=type][value=attack]")
    page.wait_for_url(re.compile(r"type=attack"))
    wait_loaded(page)
    assert counts(page) == ("2", "2", "2")
    assert "type=attack" in page.get_attribute("#export-csv", "href")
    assert page.get_attribute("#export-geojson", "href").endswith(
        "/api/v1/incidents.geojson?type=attack&limit=50000"
    )
    assert page.get_attribute("#export-acled", "href").endswith(
        "/api/v1/incidents.csv?type=attack&columns=acled"
    )

    # back button restores the unfiltered state
    page.go_back()
    wait_loaded(page)
    assert counts(page) == ("7", "7", "7")
    assert not page.is_checked("input[name=type][value=attack]")
    assert not page.js_errors, page.js_errors


def test_dashboard_brush_selects_dates(page: Any, live_server: Any, dataset: dict[str, Any]) -> None:
    log_in(page, live_server)
    wait_loaded(page)
    overlay = page.locator("#timeline-chart rect.brush-overlay")
    box = overlay.bounding_box()
    # drag across the first half of the timeline (days 3..~13 March)
    page.mouse.move(box["x"] + 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    page.wait_for_url(re.compile(r"date_after=2025-03-03.*date_before=2025-03-1\d"))
    wait_loaded(page)
    after = page.input_value("input[name=date_after]")
    before = page.input_value("input[name=date_before]")
    assert after == "2025-03-03" and before.startswith("2025-03-1")
    map_count, timeline_count, list_count = counts(page)
    assert map_count == timeline_count == list_count
    assert 2 <= int(map_count) < 7
    shot(page, "dashboard-brushed-ar")
    assert not page.js_errors, page.js_errors


def test_dashboard_english_popup_and_play(page: Any, live_server: Any, dataset: dict[str, Any]) -> None:
    log_in(page, live_server)
    page.select_option("#language-select", "en")
    page.wait_for_load_state("load")
    wait_loaded(page)
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    page.fill("input[name=q]", "Dhiban")
    page.wait_for_url(re.compile(r"q=Dhiban"))
    wait_loaded(page)
    assert counts(page)[2] == "1"
    page.click("#incident-rows button.icon-button")
    popup = page.locator(".leaflet-popup-content .popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "<script>alert(1)</script>" in text  # escaped: shown as text
    assert page.locator(".leaflet-popup-content script").count() == 0
    assert "Dhiban" in text and "Raid" in text.title()
    shot(page, "dashboard-popup-en")
    page.click("#timeline-clear")
    page.fill("input[name=q]", "")
    wait_loaded(page)
    page.click("#timeline-play")
    page.wait_for_url(re.compile(r"date_after="))
    assert page.get_attribute("#timeline-play", "aria-pressed") == "true"
    page.click("#timeline-play")
    assert not page.js_errors, page.js_errors


def test_js_transliteration_matches_python(page: Any, live_server: Any, dataset: dict[str, Any]) -> None:
    from events.transliterate import transliterate

    names = [
        "ذيبان",
        "دير الزور",
        "الرقّة",
        "أبو كمال",
        "قوات سوريا الديمقراطية",
        "الشعيطات",
        "هجين",
        "بلدة ١٢",
    ]
    log_in(page, live_server)
    wait_loaded(page)
    in_js = page.evaluate("names => names.map(n => window.OpsTransliterate.transliterate(n))", names)
    assert in_js == [transliterate(n) for n in names]


def test_dashboard_map_view_filter_and_sorting(page: Any, live_server: Any, dataset: dict[str, Any]) -> None:
    log_in(page, live_server)
    page.goto(f"{live_server.url}/?ordering=-killed")
    wait_loaded(page)
    first = page.locator("#incident-rows tr").first
    assert "الباغوز" in first.inner_text()  # the airstrike with 3 killed sorts first
    assert page.get_attribute("#incident-table th:nth-child(5)", "aria-sort") == "descending"
    # limit to the map view, then zoom on Deir ez-Zor: fewer incidents, all three views agree
    page.check("input[name=in_view]")
    page.wait_for_url(re.compile(r"bbox="))
    wait_loaded(page)
    page.evaluate("() => document.querySelector('#map')")  # map is there
    page.goto(f"{live_server.url}/?in_view=1&bbox=39.5,34.0,41.0,35.5")
    wait_loaded(page)
    map_count, timeline_count, list_count = counts(page)
    assert map_count == timeline_count == list_count
    assert 1 <= int(map_count) < 7
    assert "bbox=" in page.get_attribute("#export-csv", "href")
    # an invalid filter is reported, not silently ignored
    page.goto(f"{live_server.url}/?date_after=not-a-date")
    page.wait_for_function("() => document.getElementById('load-status').classList.contains('error')")
    assert "date_after" in page.inner_text("#load-status")
    assert not page.js_errors, page.js_errors


def test_timeline_keyboard(page: Any, live_server: Any, dataset: dict[str, Any]) -> None:
    log_in(page, live_server)
    page.goto(f"{live_server.url}/?interval=day&date_after=2025-03-12&date_before=2025-03-12")
    wait_loaded(page)
    assert counts(page) == ("1", "1", "1")
    page.focus("#timeline-chart rect.brush-overlay")
    page.keyboard.press("Shift+ArrowRight")
    page.wait_for_url(re.compile(r"date_before=2025-03-13"))
    wait_loaded(page)
    page.keyboard.press("ArrowRight")  # focus survives the redraw
    page.wait_for_url(re.compile(r"date_after=2025-03-13&date_before=2025-03-14"))
    wait_loaded(page)
    assert counts(page) == ("1", "1", "1")  # the clash on the 14th
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"^[^?]*\?interval=day$"))
    wait_loaded(page)
    assert counts(page) == ("7", "7", "7")
