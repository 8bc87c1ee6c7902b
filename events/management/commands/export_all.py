"""`python manage.py export_all [--output DIR|FILE.zip]`: everything as JSON Lines.

One file per kind, one JSON object a line, UTF-8:

* ``incidents.jsonl``: every incident with its fields, actors and targets, its
  sources (each article's claims and the extractor's output) and its full
  change history (one entry per django-simple-history record, oldest first);
* ``deleted_incidents.jsonl``: the history of incidents no longer in the table;
* ``articles.jsonl``: every article with its text, outlet and feed;
* ``statistics.jsonl``: period tallies;
* ``manifest.json`` (written last): format version, time, and the count and
  the ids' checksum of every file, so a reader can tell a complete export.

``--output`` names a folder (created if needed) or a ``.zip`` archive. Rows
are streamed from server-side cursors in chunks and written as they come, so
memory stays flat however large the database. On PostgreSQL the export runs
in one REPEATABLE READ, READ ONLY transaction: all files show the same
moment, while ingestion carries on.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.db.models import Prefetch
from django.utils import timezone

from events.models import Actor, Incident, IncidentSource, Statistic
from ingest.models import Article

FORMAT = "opstracker-export"
FORMAT_VERSION = 1
CHUNK = 200
# Article texts run to ARTICLE_MAX_CHARS: fewer of them a round trip.
ARTICLE_CHUNK = 50
# Internal bookkeeping that a restore recomputes (near-duplicate signature,
# the processing claim) and the denormalised search column.
SKIP_FIELDS = {"minhash", "claim_token", "search_text"}
HISTORY_META = ("history_id", "history_date", "history_type", "history_change_reason")


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "geom_type"):  # GEOS geometry
        return json.loads(value.geojson)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return str(value)


def row(obj: models.Model, skip: Iterable[str] = ()) -> dict[str, Any]:
    """Concrete fields of ``obj`` (foreign keys as ``<name>_id``)."""
    skipped = SKIP_FIELDS | set(skip)
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in skipped:
            continue
        out[f.attname] = jsonable(f.value_from_object(obj))
    return out


class Counter:
    """Lines written to one file, and a checksum of their ids (order-independent)."""

    def __init__(self) -> None:
        self.count = 0
        self._xor = 0

    def add(self, ident: Any) -> None:
        self.count += 1
        digest = hashlib.sha256(str(ident).encode()).digest()[:8]
        self._xor ^= int.from_bytes(digest, "big")

    @property
    def ids_checksum(self) -> str:
        return f"{self._xor:016x}"


def ids_checksum(ids: Iterable[Any]) -> str:
    counter = Counter()
    for ident in ids:
        counter.add(ident)
    return counter.ids_checksum


class Sink:
    """Where the files go: a folder or a zip archive (each written whole, then renamed)."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.is_zip = target.suffix.lower() == ".zip"
        self._zip: zipfile.ZipFile | None = None
        if self.is_zip:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._partial = target.with_name(target.name + ".part")
            self._zip = zipfile.ZipFile(self._partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        else:
            target.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def open(self, name: str) -> Iterator[IO[str]]:
        if self._zip is not None:
            raw = self._zip.open(name, "w", force_zip64=True)
            with io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as handle:
                yield handle
            return
        partial = self.target / f".{name}.part"
        with partial.open("w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.replace(partial, self.target / name)

    def close(self, ok: bool) -> None:
        if self._zip is None:
            return
        self._zip.close()
        if ok:
            os.replace(self._partial, self.target)
        else:
            self._partial.unlink(missing_ok=True)


def _history_queryset() -> models.QuerySet:
    return (
        Incident.history.model.objects.select_related("history_user")
        .prefetch_related("historicalincident_actors_set", "historicalincident_targets_set")
        .order_by("history_date", "history_id")
    )


def history_entry(record: Any, slugs: dict[int, str]) -> dict[str, Any]:
    user = record.history_user
    entry = {
        "history_id": record.history_id,
        "history_date": jsonable(record.history_date),
        "history_type": record.history_type,
        "history_change_reason": record.history_change_reason or "",
        "history_user": user.get_username() if user else None,
    }
    snapshot = row(record, skip=(*HISTORY_META, "history_user"))
    snapshot["actors"] = sorted(
        slugs.get(r.actor_id, str(r.actor_id)) for r in record.historicalincident_actors_set.all()
    )
    snapshot["targets"] = sorted(
        slugs.get(r.actor_id, str(r.actor_id)) for r in record.historicalincident_targets_set.all()
    )
    entry["fields"] = snapshot
    return entry


def batches(qs: models.QuerySet, size: int = CHUNK) -> Iterator[list[Any]]:
    """``qs`` (ordered by pk) in lists of ``size``, by keyset pagination."""
    last = None
    while True:
        page = qs.filter(pk__gt=last) if last is not None else qs
        batch = list(page[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def incident_lines(slugs: dict[int, str]) -> Iterator[tuple[int, dict[str, Any]]]:
    qs = Incident.objects.order_by("pk").prefetch_related(
        "actors", "targets", Prefetch("sources", queryset=IncidentSource.objects.order_by("pk"))
    )
    for batch in batches(qs):
        history: dict[int, list[Any]] = {}
        for record in _history_queryset().filter(id__in=[i.pk for i in batch]):
            history.setdefault(record.id, []).append(record)
        for incident in batch:
            line = row(incident)
            line["actors"] = sorted(a.slug for a in incident.actors.all())
            line["targets"] = sorted(a.slug for a in incident.targets.all())
            line["sources"] = [row(s) for s in incident.sources.all()]
            line["history"] = [history_entry(r, slugs) for r in history.get(incident.pk, [])]
            yield incident.pk, line


def deleted_incident_lines(slugs: dict[int, str]) -> Iterator[tuple[int, dict[str, Any]]]:
    gone = (
        _history_queryset()
        .exclude(id__in=Incident.objects.values("pk"))
        .order_by("id", "history_date", "history_id")
        .iterator(chunk_size=CHUNK)
    )
    for incident_id, records in groupby(gone, key=lambda r: r.id):
        yield incident_id, {"id": incident_id, "history": [history_entry(r, slugs) for r in records]}


def article_lines() -> Iterator[tuple[int, dict[str, Any]]]:
    qs = Article.objects.select_related("outlet", "feed").order_by("pk").iterator(chunk_size=ARTICLE_CHUNK)
    for article in qs:
        line = row(article)
        line["outlet"] = (
            {
                "name": article.outlet.name,
                "domain": article.outlet.domain,
                "language": article.outlet.language,
            }
            if article.outlet_id
            else None
        )
        line["feed_url"] = article.feed.url if article.feed_id else None
        yield article.pk, line


def statistic_lines() -> Iterator[tuple[int, dict[str, Any]]]:
    for stat in Statistic.objects.order_by("pk").iterator(chunk_size=CHUNK):
        yield stat.pk, row(stat)


@contextmanager
def snapshot() -> Iterator[None]:
    """One consistent, read-only view of the database for the whole export."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def export(target: Path, progress: Callable[[str, int], None] | None = None) -> dict[str, Any]:
    """Write the export to ``target`` (folder or .zip); returns the manifest."""
    sink = Sink(target)
    ok = False
    try:
        with snapshot():
            slugs = dict(Actor.objects.values_list("pk", "slug"))
            files: dict[str, dict[str, Any]] = {}
            kinds: list[tuple[str, Callable[[], Iterator[tuple[int, dict[str, Any]]]]]] = [
                ("incidents.jsonl", lambda: incident_lines(slugs)),
                ("deleted_incidents.jsonl", lambda: deleted_incident_lines(slugs)),
                ("articles.jsonl", article_lines),
                ("statistics.jsonl", statistic_lines),
            ]
            for name, lines in kinds:
                counter = Counter()
                with sink.open(name) as handle:
                    for ident, line in lines():
                        handle.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
                        handle.write("\n")
                        counter.add(ident)
                files[name] = {"count": counter.count, "ids_checksum": counter.ids_checksum}
                if progress:
                    progress(name, counter.count)
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "exported_at": timezone.now().astimezone(UTC).isoformat(),
                "database": connection.vendor,
                "files": files,
            }
        with sink.open("manifest.json") as handle:
            json.dump(manifest, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        ok = True
    finally:
        sink.close(ok)
    return manifest


class Command(BaseCommand):
    help = "Export incidents (with sources and history), articles and statistics as JSON Lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            default="",
            help="a folder (created if needed) or a .zip file; default opstracker-export-<UTC time>/",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"] or f"opstracker-export-{timezone.now().astimezone(UTC):%Y%m%dT%H%M%SZ}"
        target = Path(output).expanduser()
        if target.exists() and target.is_file() and target.suffix.lower() != ".zip":
            raise CommandError(f"{target} is a file; name a folder or a .zip archive.")

        def progress(name: str, count: int) -> None:
            self.stderr.write(f"{name}: {count:,} lines")

        manifest = export(target, progress if options["verbosity"] >= 1 else None)
        counts = ", ".join(f"{k.split('.')[0]} {v['count']:,}" for k, v in manifest["files"].items())
        self.stdout.write(f"Exported to {target}: {counts}.")
