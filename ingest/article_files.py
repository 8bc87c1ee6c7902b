"""Read articles from files: article JSON (the evaluation format), JSON Lines,
CSV and plain text. Shared by `extract`, `import_articles` and uploads."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ARTICLE_SUFFIXES = {".json", ".jsonl", ".ndjson", ".txt", ".csv"}


class ArticleFileError(ValueError):
    """A file, or one record in it, is not a readable article."""


def _check_record(record: Any, where: str) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise ArticleFileError(f"{where}: expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleFileError(f"{where}: the article has no 'text'")
    return record


def parse_article_bytes(data: bytes, name: str) -> Iterator[dict[str, Any] | ArticleFileError]:
    """Yield each article in ``data`` (or an ArticleFileError for a bad record,
    so one bad line never hides the good ones)."""
    suffix = Path(name).suffix.lower()
    stem = Path(name).stem
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield ArticleFileError(f"{name}: not UTF-8 text")
        return
    if suffix == ".json":
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ArticleFileError(f"{name}: malformed JSON ({exc.msg} at line {exc.lineno})")
            return
        records = record if isinstance(record, list) else [record]
        for index, item in enumerate(records):
            try:
                item = _check_record(item, name if len(records) == 1 else f"{name}[{index}]")
                item.setdefault("id", stem if len(records) == 1 else f"{stem}-{index}")
                yield item
            except ArticleFileError as exc:
                yield exc
    elif suffix in (".jsonl", ".ndjson"):
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = _check_record(json.loads(line), f"{name}:{number}")
                item.setdefault("id", f"{stem}-{number}")
                yield item
            except json.JSONDecodeError as exc:
                yield ArticleFileError(f"{name}:{number}: malformed JSON ({exc.msg})")
            except ArticleFileError as exc:
                yield exc
    elif suffix == ".csv":
        try:
            rows = list(csv.DictReader(io.StringIO(text)))
        except csv.Error as exc:
            yield ArticleFileError(f"{name}: malformed CSV ({exc})")
            return
        for number, row in enumerate(rows, 2):
            try:
                item = _check_record({k: v for k, v in row.items() if k}, f"{name}:{number}")
                item.setdefault("id", f"{stem}-{number}")
                yield item
            except ArticleFileError as exc:
                yield exc
    else:  # plain text (and HTML pasted as text): id = file stem, no publication date
        if not text.strip():
            yield ArticleFileError(f"{name}: empty file")
            return
        yield {"id": stem, "title": "", "published": None, "text": text, "url": None, "outlet": None}


def iter_article_paths(paths: list[Path]) -> Iterator[Path]:
    """Files named, and article files found in folders named (sorted)."""
    for path in paths:
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            yield from sorted(found)
        else:
            yield path
