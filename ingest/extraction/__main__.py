"""``python -m ingest.extraction FILE...``: JSON Lines like ``manage.py extract``.

Each FILE is an article JSON (README format) or a plain ``.txt`` file (id =
file stem, published null). A bad file gets an error on stderr; the others
are still processed, and the exit status is 1 if any file failed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

from . import extract_article


def load_article(path: Path) -> Mapping:
    """Read one article file; raises ValueError with a readable message."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".txt":
        return {"id": path.stem, "title": None, "published": None, "language": None, "text": raw}
    try:
        article = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON: {exc}") from exc
    if not isinstance(article, dict):
        raise ValueError("top-level JSON value is not an object")
    if not isinstance(article.get("text"), str):
        raise ValueError("missing or non-string 'text'")
    article.setdefault("id", path.stem)
    return article


def main(argv: list[str] | None = None) -> int:
    paths = sys.argv[1:] if argv is None else argv
    if not paths:
        print("usage: python -m ingest.extraction ARTICLE.json|ARTICLE.txt ...", file=sys.stderr)
        return 2
    status = 0
    for name in paths:
        path = Path(name)
        try:
            article = load_article(path)
            row = extract_article(article)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            print(f"error: {path}: {exc}", file=sys.stderr)
            status = 1
            continue
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
