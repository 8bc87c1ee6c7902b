"""OpsTracker extraction engine: Arabic/English news article -> incidents.

``extract_article(article)`` is what the ingest pipeline and the
``manage.py extract`` command call; see assemble.py for the pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping

EXTRACTOR_VERSION = "0.2.0"

__all__ = ["EXTRACTOR_VERSION", "extract_article"]


def extract_article(article: Mapping) -> dict:
    """One article (id, title, published, language, text, ...) -> contract dict."""
    from .assemble import extract  # lazy: importing the package must stay cheap

    return extract(article)
