"""Server-rendered pages: access per role, escaping, evidence, history, i18n, CSRF."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from events import services
from events.models import Incident, Statistic
from events.pages import governorate_key, safe_url, split_evidence
from tests.factories import ArticleFactory, UserFactory

from .conftest import XSS

pytestmark = pytest.mark.django_db

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
PASSWORD = "correct horse battery"


def login(client: Client, user: Any) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def page_urls(dataset: dict[str, Any]) -> list[str]:
    return [
        reverse("events:dashboard"),
        reverse("events:incident", args=[dataset["main"].pk]),
        reverse("events:statistics"),
        reverse("events:boundaries"),
    ]


def test_anonymous_is_sent_to_login(client: Client, dataset: dict[str, Any]) -> None:
    for url in page_urls(dataset):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_user_without_role_is_refused(client: Client, dataset: dict[str, Any]) -> None:
    login(client, UserFactory(username="norole"))
    for url in page_urls(dataset):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role_fixture", ["analyst", "editor", "admin_user"])
def test_every_role_can_read(
    request: pytest.FixtureRequest, client: Client, dataset: dict[str, Any], role_fixture: str
):
    login(client, request.getfixturevalue(role_fixture))
    for url in page_urls(dataset):
        assert client.get(url).status_code == 200, url


def test_public_read_setting_opens_pages(client: Client, dataset: dict[str, Any], settings: Any) -> None:
    settings.API_PUBLIC_READ = True
    for url in page_urls(dataset):
        assert client.get(url).status_code == 200, url


def test_unknown_incident_is_404(client: Client, analyst: Any) -> None:
    login(client, analyst)
    assert client.get(reverse("events:incident", args=[999999])).status_code == 404


def test_nav_links_follow_role(client: Client, analyst: Any, editor: Any, admin_user: Any) -> None:
    html = login(client, analyst).get("/").content.decode()
    assert 'href="/review/"' not in html and 'href="/admin/"' not in html
    assert 'href="/ingest/submit/"' not in html
    client.logout()
    html = login(client, editor).get("/").content.decode()
    assert 'href="/review/"' in html and 'href="/admin/"' not in html
    assert 'href="/ingest/submit/"' in html
    client.logout()
    html = login(client, admin_user).get("/").content.decode()
    assert 'href="/review/"' in html and 'href="/admin/"' in html


def test_arabic_is_default_and_right_to_left(client: Client, analyst: Any) -> None:
    html = login(client, analyst).get("/").content.decode()
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert "الخريطة" in html  # "Map" in the nav


def test_switch_to_english(client: Client, analyst: Any) -> None:
    login(client, analyst)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/statistics/"})
    assert response.status_code == 302 and response["Location"] == "/statistics/"
    html = client.get("/statistics/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Period tallies" in html


def test_forms_carry_csrf_tokens_and_csrf_is_enforced(analyst: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    login(client, analyst)
    html = client.get("/").content.decode()
    # language switcher and logout are POST forms with a token
    for action in (reverse("set_language"), reverse("logout")):
        form = re.search(
            rf'<form[^>]*action="{re.escape(action)}"[^>]*method="post"[^>]*>(.*?)</form>', html, re.S
        )
        assert form, action
        assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 403
    assert client.post(reverse("logout")).status_code == 403


def test_login_page_has_csrf_token(client: Client) -> None:
    html = client.get(reverse("login")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'dir="rtl"' in html


def test_logout_is_post_only_form(client: Client, analyst: Any) -> None:
    login(client, analyst)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_incident_page_escapes_everything(client: Client, dataset: dict[str, Any], analyst: Any) -> None:
    html = login(client, analyst).get(reverse("events:incident", args=[dataset["main"].pk])).content.decode()
    assert XSS not in html
    assert html.count(ESCAPED) >= 4  # title, place, summary, evidence, article text
    assert "ذيبان" in html and "Dhiban" in html  # Arabic with the gazetteer name beside it


def test_incident_page_highlights_evidence(client: Client, dataset: dict[str, Any], analyst: Any) -> None:
    html = login(client, analyst).get(reverse("events:incident", args=[dataset["main"].pk])).content.decode()
    marks = re.findall(r'<mark class="evidence">(.*?)</mark>', html, re.S)
    assert marks == [f"نفذت قوات سوريا الديمقراطية مداهمة في بلدة ذيبان {ESCAPED}"]
    text = re.search(r'<div class="article-text"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert text.startswith("مقدمة الخبر. <mark")
    assert text.endswith("</mark> واعتقلت شخصين. نهاية الخبر.")


def test_incident_page_lists_claims_and_sources(
    client: Client, dataset: dict[str, Any], analyst: Any
) -> None:
    html = login(client, analyst).get(reverse("events:incident", args=[dataset["main"].pk])).content.decode()
    assert 'href="https://news.example/a1"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "claims" in html and dataset["article"].outlet.name in html


def test_incident_page_shows_change_history(client: Client, dataset: dict[str, Any], editor: Any) -> None:
    incident = dataset["main"]
    services.correct_incident(
        incident.pk,
        user=editor,
        changes={"killed": 4},
        expected_version=incident.version,
        reason="AFP gives 4 dead",
    )
    html = login(client, editor).get(reverse("events:incident", args=[incident.pk])).content.decode()
    history = html[html.index("history") :]
    assert "editor1" in history
    assert "AFP gives 4 dead" in history
    assert re.search(r"<del[^>]*>—</del> → <ins[^>]*>4</ins>", history)


def test_javascript_links_from_data_are_not_rendered(
    client: Client, dataset: dict[str, Any], analyst: Any
) -> None:
    article = dataset["article"]
    article.url = "javascript:alert(1)"
    article.save()
    html = login(client, analyst).get(reverse("events:incident", args=[dataset["main"].pk])).content.decode()
    assert "javascript:alert" not in html


def test_map_page_escapes_and_embeds_config(client: Client, dataset: dict[str, Any], analyst: Any) -> None:
    html = login(client, analyst).get("/?type=raid&q=" + "%3Cscript%3E").content.decode()
    assert XSS not in html and "<script>" not in html.replace("<script src=", "")
    config = json.loads(
        re.search(r'<script id="map-config" type="application/json">(.*?)</script>', html).group(1)
    )
    assert config["knownPlaces"][f"ذيبان {XSS}"] == "Dhiban"
    assert 'value="raid" checked' in html  # filter state comes back from the query string
    assert "GeoNames" in html and "OpenStreetMap" in html and "OpenSyria" in html and "OCHA" in html


def test_map_page_has_no_inline_script(client: Client, analyst: Any) -> None:
    html = login(client, analyst).get("/").content.decode()
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_statistics_page_escapes_and_lists_tallies(client: Client, analyst: Any) -> None:
    Statistic.objects.create(
        article=ArticleFactory(title=f"حصيلة {XSS}"),
        reporter=f"قسد {XSS}",
        region="دير الزور",
        operations=153,
        killed=44,
        evidence=f"نفذت 153 عملية {XSS}",
        period_start="2025-01-01",
        period_end="2025-06-30",
    )
    html = login(client, analyst).get("/statistics/").content.decode()
    assert XSS not in html
    assert ESCAPED in html and "153" in html
    data = json.loads(
        re.search(r'<script id="stat-data" type="application/json">(.*?)</script>', html).group(1)
    )
    assert data[0]["operations"] == 153 and data[0]["start"] == "2025-01-01"


def test_statistics_compare_with_recorded_incidents(
    client: Client, dataset: dict[str, Any], analyst: Any
) -> None:
    Statistic.objects.create(
        article=ArticleFactory(),
        reporter="قسد",
        operations=20,
        evidence="…",
        period_start="2025-03-01",
        period_end="2025-03-13",
    )
    html = login(client, analyst).get("/statistics/").content.decode()
    # main (12 March) + airstrike (3rd) + sweep (5th); the rejected one is not counted
    assert '?date_after=2025-03-01&amp;date_before=2025-03-13">3</a>' in html


def test_boundaries_layer_served_with_governorate_names(client: Client, analyst: Any) -> None:
    response = login(client, analyst).get(reverse("events:boundaries"))
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert len(data["features"]) == 32
    keys = {f["properties"]["key"] for f in data["features"]}
    # the extractor's spellings find their outline
    assert {governorate_key("Deir ez-Zor"), governorate_key("Ar-Raqqah"), governorate_key("Nineveh")} <= keys


def test_governorate_key_ignores_spelling() -> None:
    assert governorate_key("Ar-Raqqa") == governorate_key("Ar-Raqqah") == governorate_key("Raqqa")
    assert governorate_key("Al-Hasakeh") == governorate_key("Al-Hasakah")
    assert governorate_key("Deir-ez-Zor") == governorate_key("Deir ez-Zor")
    assert governorate_key("Rural Damascus") == governorate_key("Rif Dimashq")
    assert governorate_key("Homs") != governorate_key("Hama")


def test_rejected_incident_page_still_readable(client: Client, dataset: dict[str, Any], analyst: Any) -> None:
    rejected: Incident = dataset["rejected"]
    html = login(client, analyst).get(reverse("events:incident", args=[rejected.pk])).content.decode()
    assert "status-rejected" in html


def test_split_evidence_uses_offsets_then_search() -> None:
    text = "abc EVIDENCE def"
    assert split_evidence(text, "EVIDENCE", 4, 12).match == "EVIDENCE"
    found = split_evidence(text, "EVIDENCE", 40, 50)
    assert (found.before, found.match, found.after, found.located) == ("abc ", "EVIDENCE", " def", True)
    missing = split_evidence(text, "absent", None, None)
    assert (missing.before, missing.match, missing.located) == (text, "", False)


def test_safe_url() -> None:
    assert safe_url("https://x.example/a") == "https://x.example/a"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("  JavaScript:alert(1)") is None
    assert safe_url(None) is None


def test_editors_get_a_review_link_analysts_do_not(
    client: Client, dataset: dict[str, Any], analyst: Any, editor: Any
):
    url = reverse("events:incident", args=[dataset["main"].pk])
    edit = f"/review/incidents/{dataset['main'].pk}/edit/"
    assert edit not in login(client, analyst).get(url).content.decode()
    client.logout()
    assert edit in login(client, editor).get(url).content.decode()


def test_coordinates_not_localised(client: Client, dataset: dict[str, Any], analyst: Any) -> None:
    html = login(client, analyst).get(reverse("events:incident", args=[dataset["main"].pk])).content.decode()
    assert "35.0200, 40.5200" in html


def test_incident_page_links_to_its_context_on_the_map(client: Client, dataset: dict[str, Any], analyst: Any):
    html = login(client, analyst).get(reverse("events:incident", args=[dataset["main"].pk])).content.decode()
    assert 'href="/?governorate=Deir+ez-Zor&amp;date_after=2025-03-05&amp;date_before=2025-03-19"' in html
