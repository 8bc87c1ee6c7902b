"""Cached read responses, invalidated by a data version that every incident write bumps.

Heavy read responses (timeline aggregates, vector tiles) are stored in the "api" cache
(Redis, see settings.CACHES) under a key made of the response kind, the exact SQL of the
filtered queryset (so equivalent query strings share an entry) and the current *data version*.
Writes never delete entries: they bump the version, so every older entry becomes unreachable
and expires with its TTL.

The version is bumped

* at once, on every write (so reads later in the same transaction, and tests, whose
  transactions never commit, see fresh data), and
* again when that transaction commits: a reader that read the bumped version before the commit
  and computed from the old rows has stored them under a version nobody asks for any more.

A reader reads the version *before* running its query, so whatever it stores under version V was
computed from data at least as new as V.

Bumps come from the Incident/m2m/Actor signals (events.apps) and from the write paths that use
``QuerySet.update`` (events.search.refresh_search_text). A cache that is down makes reads
uncached and bumps no-ops (logged); the TTL bounds what a missed bump could leave behind.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import QuerySet

logger = logging.getLogger(__name__)

T = TypeVar("T")
CACHE_ALIAS = "api"
_MISSING = object()


def _cache() -> Any:
    return caches[CACHE_ALIAS]


def _namespace() -> str:
    # The database name: test databases, the benchmark database and production can share one Redis.
    return str(connections[DEFAULT_DB_ALIAS].settings_dict.get("NAME") or "default")


def _version_key() -> str:
    return f"{_namespace()}:data-version"


def data_version() -> int | None:
    """The current data version, or None when responses are not cached (no cache, cache down)."""
    cache = _cache()
    try:
        version = cache.get(_version_key())
        if version is None:
            # First use, or the key was evicted: start from a value never used before.
            cache.add(_version_key(), time.time_ns(), timeout=None)
            version = cache.get(_version_key())
    except Exception:  # noqa: BLE001 (any cache failure: serve uncached)
        logger.warning("API cache unavailable; serving uncached", exc_info=True)
        return None
    return int(version) if version is not None else None


def _bump_now() -> None:
    cache = _cache()
    key = _version_key()
    try:
        try:
            cache.incr(key)
        except ValueError:  # no version yet (or evicted): a fresh, never-used value
            cache.set(key, time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001 (a write must not fail because the cache is down)
        logger.warning("API cache unavailable; data version not bumped", exc_info=True)


def bump_data_version(using: str = DEFAULT_DB_ALIAS) -> None:
    """Invalidate every cached response: now, and again when the current transaction commits.

    The commit callback is registered once per transaction however many rows it writes (a
    rolled-back savepoint drops it and the next write registers it again); the immediate bump
    happens on every write, so reads later in the same transaction see each change."""
    _bump_now()
    connection = connections[using]
    if connection.in_atomic_block and not any(func is _bump_now for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_bump_now, using=using)


def _param_key(value: Any) -> str:
    # Geometry parameters (bbox, near, tile bounds) are adapter objects whose repr is their
    # memory address: key them by their EWKB.
    ewkb = getattr(value, "ewkb", None)
    if ewkb is not None:
        return f"ewkb:{bytes(ewkb).hex()}"
    return repr(value)


def queryset_key(qs: QuerySet[Any]) -> str:
    """A digest of the exact SQL and parameters of ``qs``."""
    sql, params = qs.query.sql_with_params()
    text = "\x00".join([sql, *(_param_key(p) for p in params)])
    return hashlib.sha256(text.encode()).hexdigest()


def cached(kind: str, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, stored in the API cache under (kind, key, data version)."""
    version = data_version()  # read before computing: see the module docstring
    if version is None:
        return compute()
    cache = _cache()
    full_key = f"{_namespace()}:{kind}:{version}:{key}"
    try:
        value = cache.get(full_key, _MISSING)
    except Exception:  # noqa: BLE001
        logger.warning("API cache unavailable; serving uncached", exc_info=True)
        return compute()
    if value is not _MISSING:
        return value  # type: ignore[no-any-return]
    value = compute()
    try:
        cache.set(full_key, value)
    except Exception:  # noqa: BLE001
        logger.warning("API cache unavailable; response not stored", exc_info=True)
    return value
