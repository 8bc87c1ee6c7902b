"""`manage.py export_all`: every incident (with its sources and full change
history), article and statistic comes out as JSON Lines, in a folder or a zip,
with a manifest whose counts and id checksums match the database; memory stays
flat while exporting a large table."""

from __future__ import annotations

import json
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from events import services as event_services
from events.management.commands.export_all import ids_checksum
from events.models import Incident, IncidentSource, Statistic
from ingest import services
from ingest.models import Article
from tests.factories import OutletFactory

from .conftest import OTHER, STORY, fake_result

pytestmark = pytest.mark.django_db
KINDS = ("incidents.jsonl", "deleted_incidents.jsonl", "articles.jsonl", "statistics.jsonl")


def read_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line]


def read_folder(folder: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any]]:
    files = {name: read_lines((folder / name).read_text(encoding="utf-8")) for name in KINDS}
    return files, json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def read_zip(path: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any]]:
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted([*KINDS, "manifest.json"])
        files = {name: read_lines(archive.read(name).decode("utf-8")) for name in KINDS}
        return files, json.loads(archive.read("manifest.json"))


@pytest.fixture
def dataset(stub_extractor: dict[str, Any], editor: Any) -> dict[str, Any]:
    """Two articles reporting the same two incidents (merged: two sources each),
    an editor's correction and a status change (history), statistics, one
    incident deleted (its history only), one failed article."""
    outlet = OutletFactory(name="نورث برس", domain="npasyria.com")
    first = services.submit_article(
        text=STORY, title='<b>عنوان</b> "قسد"', outlet=outlet.name, outlet_domain=outlet.domain,
        url="https://npasyria.com/1", published="2025-03-12", process=False,
    ).article  # fmt: skip
    second = services.submit_article(text=OTHER, outlet="عنب بلدي", process=False).article
    assert services.process_article(first.pk) == "done"
    stub_extractor["result"] = fake_result(arrested=4, stats=2)
    assert services.process_article(second.pk) == "done"
    raid = Incident.objects.get(type="raid")
    event_services.correct_incident(
        raid.pk, user=editor, changes={"arrested": 5, "persons": ["أبو عمر الشامي"]},
        expected_version=raid.version, reason="تصحيح العدد",
    )  # fmt: skip
    event_services.transition_status(raid.pk, "verified", user=editor, reason="confirmed")
    doomed = Incident.objects.create(type="other", place_name="حذف")
    doomed_id = doomed.pk
    doomed.delete()
    failed = services.submit_article(text=STORY + " تحديث", process=False).article
    Article.objects.filter(pk=failed.pk).update(status="failed", error="ValueError: boom")
    return {"raid": raid.pk, "doomed": doomed_id, "articles": [first.pk, second.pk, failed.pk]}


def assert_matches_database(
    files: dict[str, list[dict[str, Any]]], manifest: dict[str, Any], data: Any
) -> None:
    incidents = files["incidents.jsonl"]
    assert [i["id"] for i in incidents] == list(Incident.objects.order_by("pk").values_list("pk", flat=True))
    assert len(incidents) == 2
    for line in incidents:
        incident = Incident.objects.get(pk=line["id"])
        assert [s["id"] for s in line["sources"]] == list(
            incident.sources.order_by("pk").values_list("pk", flat=True)
        )
        assert len(line["sources"]) == 2  # both articles' reports, merged
        assert [h["history_id"] for h in line["history"]] == list(
            incident.history.order_by("history_date", "history_id").values_list("history_id", flat=True)
        )
        assert line["actors"] == sorted(incident.actors.values_list("slug", flat=True))
        assert line["point"]["type"] == "Point"
    raid = next(i for i in incidents if i["id"] == data["raid"])
    assert raid["arrested"] == 5 and raid["status"] == "verified" and "arrested" in raid["locked_fields"]
    assert raid["persons"] == ["أبو عمر الشامي"]
    assert {s["claimed_arrested"] for s in raid["sources"]} == {3, 4}
    assert raid["sources"][0]["extracted"]["evidence"].startswith("عملية إنزال جوي")
    history = raid["history"]
    assert history[0]["history_type"] == "+" and history[-1]["fields"]["status"] == "verified"
    corrected = next(h for h in history if h["history_change_reason"] == "تصحيح العدد")
    assert corrected["history_user"] == "editor1" and corrected["fields"]["arrested"] == 5
    assert corrected["fields"]["actors"] == ["sdf"] and corrected["fields"]["targets"] == ["isis"]

    deleted = files["deleted_incidents.jsonl"]
    assert [d["id"] for d in deleted] == [data["doomed"]]
    assert [h["history_type"] for h in deleted[0]["history"]] == ["+", "-"]

    articles = files["articles.jsonl"]
    assert [a["id"] for a in articles] == sorted(data["articles"])
    by_id = {a["id"]: a for a in articles}
    for article in Article.objects.all():
        line = by_id[article.pk]
        assert line["text"] == article.text and line["status"] == article.status
        assert "minhash" not in line and "claim_token" not in line
    first = by_id[data["articles"][0]]
    assert first["title"] == '<b>عنوان</b> "قسد"' and first["outlet"]["domain"] == "npasyria.com"
    assert by_id[data["articles"][2]]["error"] == "ValueError: boom"

    stats = files["statistics.jsonl"]
    assert sorted(s["id"] for s in stats) == list(
        Statistic.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert len(stats) == 3 and {s["operations"] for s in stats} == {153, 154}

    assert manifest["format"] == "opstracker-export" and manifest["version"] == 1
    expected = {
        "incidents.jsonl": Incident.objects.values_list("pk", flat=True),
        "deleted_incidents.jsonl": [data["doomed"]],
        "articles.jsonl": Article.objects.values_list("pk", flat=True),
        "statistics.jsonl": Statistic.objects.values_list("pk", flat=True),
    }
    for name, ids in expected.items():
        ids = list(ids)
        assert manifest["files"][name] == {"count": len(ids), "ids_checksum": ids_checksum(ids)}, name


def test_export_folder_round_trips_ids_and_counts(dataset: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "export"
    call_command("export_all", output=str(out), verbosity=0)
    files, manifest = read_folder(out)
    assert_matches_database(files, manifest, dataset)
    assert IncidentSource.objects.count() == sum(len(i["sources"]) for i in files["incidents.jsonl"])
    assert not list(out.glob(".*.part"))  # every file renamed into place
    # Non-ASCII stays readable (no \\u escapes), one object a line.
    assert "ذيبان" in (out / "incidents.jsonl").read_text(encoding="utf-8")


def test_export_zip_archive(dataset: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "backup" / "opstracker.zip"
    call_command("export_all", "--output", str(out), verbosity=0)
    files, manifest = read_zip(out)
    assert_matches_database(files, manifest, dataset)
    assert not out.with_name("opstracker.zip.part").exists()


def test_export_refuses_a_plain_file(tmp_path: Path, db: Any) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me")
    with pytest.raises(CommandError, match="is a file"):
        call_command("export_all", output=str(target), verbosity=0)
    assert target.read_text() == "keep me"


def test_empty_database_exports_empty_files(tmp_path: Path, db: Any) -> None:
    call_command("export_all", output=str(tmp_path / "e"), verbosity=0)
    files, manifest = read_folder(tmp_path / "e")
    assert all(lines == [] for lines in files.values())
    assert all(entry["count"] == 0 for entry in manifest["files"].values())


@pytest.mark.slow
def test_export_streams_in_constant_memory(tmp_path: Path, db: Any) -> None:
    """~48 MB of article text: the export's peak Python memory stays a small
    fraction of it (rows are fetched in chunks and written as they come)."""
    count, size = 1600, 30_000
    body = "نص " * (size // 3)
    Article.objects.bulk_create(
        [Article(text=f"{i} {body}", content_hash=f"{i:064d}", status="done") for i in range(count)],
        batch_size=200,
    )
    total = count * len(body.encode("utf-8"))
    tracemalloc.start()
    try:
        call_command("export_all", output=str(tmp_path / "big"), verbosity=0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < total / 8, f"peak {peak:,} bytes for {total:,} bytes of text"
    manifest = json.loads((tmp_path / "big" / "manifest.json").read_text())
    assert manifest["files"]["articles.jsonl"]["count"] == count
    with (tmp_path / "big" / "articles.jsonl").open(encoding="utf-8") as handle:
        assert sum(1 for _ in handle) == count
