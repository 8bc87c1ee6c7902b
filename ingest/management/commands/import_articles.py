"""`python manage.py import_articles PATH...`: bulk import of article files.

Article JSON (the evaluation format), JSON Lines, CSV, plain .txt (and HTML)
files, or folders of them. Articles are stored (deduplicated) and queued for
extraction, or processed in this process with ``--sync``. Prints a progress
bar on stderr and a summary; bad records are reported and skipped, the good
ones are still imported. Exit status 1 when anything failed.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandParser

from ingest import services
from ingest.article_files import ArticleFileError, iter_article_paths, parse_article_bytes
from ingest.models import Article


class Progress:
    """A one-line progress bar on a terminal (plain lines otherwise)."""

    def __init__(self, total: int, stream: TextIO, enabled: bool = True) -> None:
        self.total, self.stream, self.enabled = max(total, 1), stream, enabled
        self.done = 0
        self.started = time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self._last = 0.0

    def step(self, label: str = "") -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if self.done < self.total and now - self._last < (0.1 if self.tty else 2.0):
            return
        self._last = now
        width = 30
        filled = int(width * self.done / self.total)
        rate = self.done / max(now - self.started, 1e-6)
        bar = "#" * filled + "." * (width - filled)
        line = f"[{bar}] {self.done}/{self.total} files {rate:.1f}/s {label[:40]}"
        self.stream.write(("\r" + line.ljust(100)) if self.tty else line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Import article files (JSON, JSON Lines, CSV, .txt, HTML) or folders of them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="files or folders")
        parser.add_argument("--sync", action="store_true", help="process in this process instead of queueing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = list(iter_article_paths(options["paths"]))
        sync = options["sync"]
        summary = services.BatchSummary()
        stream = getattr(self.stderr, "_out", sys.stderr)  # raw stream: the bar rewrites one line
        progress = Progress(len(paths), stream, enabled=not options["no_progress"])
        for path in paths:
            self._import_file(path, summary, sync)
            progress.step(path.name)
        progress.close()
        if sync:
            for article_id in summary.stored:
                status = services.process_article(article_id)
                if status == Article.Status.FAILED:
                    error = Article.objects.filter(pk=article_id).values_list("error", flat=True).first()
                    summary.failed.append((f"article {article_id}", f"extraction failed: {error}"))
        self._report(summary, options["json"])
        if summary.failed:
            sys.exit(1)

    def _import_file(self, path: Path, summary: services.BatchSummary, sync: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            summary.failed.append((str(path), f"cannot read ({exc.strerror})"))
            return
        if path.suffix.lower() in services.HTML_SUFFIXES:
            records, errors = services.parse_upload(data, path.name)
            summary.failed.extend((str(path), e) for e in errors)
        else:
            records = []
            for item in parse_article_bytes(data, path.name):
                if isinstance(item, ArticleFileError):
                    summary.failed.append((str(path), str(item)))
                else:
                    records.append(item)
        labels = [f"{path}#{r.get('id', i)}" for i, r in enumerate(records, 1)]
        batch = services.submit_records(
            records, channel=Article.Channel.BULK, process=not sync, labels=labels
        )
        summary.stored += batch.stored
        summary.near_duplicates += batch.near_duplicates
        summary.duplicates += batch.duplicates
        summary.failed += batch.failed

    def _report(self, summary: services.BatchSummary, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"Imported {len(summary.stored)}, near-duplicates {len(summary.near_duplicates)}, "
            f"duplicates {len(summary.duplicates)}, failed {len(summary.failed)}."
        )
        for label, reason in summary.failed:
            self.stdout.write(f"  failed: {label}: {reason}")
