"""`python manage.py extract FILE...`: the extractor alone, JSON Lines out, no database writes."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from ingest.article_files import ArticleFileError, iter_article_paths, parse_article_bytes
from ingest.extraction import extract_article


class Command(BaseCommand):
    help = (
        "Extract incidents and statistics from article files (JSON, JSON Lines, CSV or .txt) "
        "and print one JSON object per article (JSON Lines). Writes nothing to the database."
    )

    def add_arguments(self, parser):  # noqa: ANN001
        parser.add_argument("paths", nargs="+", type=Path, help="article files or folders")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        failures = 0
        out = self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout
        for path in iter_article_paths(options["paths"]):
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.stderr.write(f"{path}: cannot read ({exc.strerror})")
                failures += 1
                continue
            for item in parse_article_bytes(data, path.name):
                if isinstance(item, ArticleFileError):
                    self.stderr.write(str(item))
                    failures += 1
                    continue
                out.write(json.dumps(extract_article(item), ensure_ascii=False) + "\n")
        out.flush()
        if failures:
            sys.exit(1)  # the good files were still extracted
