"""`python manage.py reprocess [--failed] [--outdated] [--article ID...]`.

Re-runs extraction: failed articles, articles extracted by an older
extractor version, or the ones named. Editor corrections are never
overwritten (events.services.record_extraction keeps locked fields and flags
disagreements for review). Queued by default; ``--sync`` runs here.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ingest import services
from ingest.tasks import process_article_task


class Command(BaseCommand):
    help = "Re-run extraction on failed, outdated or named articles."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--failed", action="store_true", help="articles whose processing failed")
        parser.add_argument(
            "--outdated", action="store_true", help="articles extracted by an older extractor"
        )
        parser.add_argument(
            "--article", type=int, nargs="+", default=None, metavar="ID", help="these articles"
        )
        parser.add_argument("--sync", action="store_true", help="process here instead of queueing")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["failed"] or options["outdated"] or options["article"]):
            raise CommandError("Choose --failed, --outdated and/or --article ID...")
        ids = list(
            services.articles_needing_reprocess(
                failed=options["failed"], outdated=options["outdated"], ids=options["article"]
            ).values_list("pk", flat=True)
        )
        results: dict[str, int] = {}
        for article_id in ids:
            if options["sync"]:
                status = services.process_article(article_id, force=True)
                results[status] = results.get(status, 0) + 1
            else:
                transaction.on_commit(lambda pk=article_id: process_article_task.delay(pk, force=True))
        if options["sync"]:
            detail = ", ".join(f"{k} {v}" for k, v in sorted(results.items()))
            self.stdout.write(f"Reprocessed {len(ids)} articles: {detail or 'nothing to do'}.")
        else:
            self.stdout.write(f"Queued {len(ids)} articles for reprocessing.")
