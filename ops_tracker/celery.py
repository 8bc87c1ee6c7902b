"""Celery application. Without REDIS_URL, tasks run in-process (eager)."""

import logging
import os

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_init
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ops_tracker.settings")

logger = logging.getLogger(__name__)

app = Celery("ops_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# What ``task.delay()`` raises when the broker cannot take the message (Redis
# down or unreachable): Celery wraps connection errors in kombu's
# OperationalError after its publish retries; redis-py's own errors can
# surface from a connection lost mid-publish.
BROKER_ERRORS: tuple[type[Exception], ...] = (KombuOperationalError, RedisConnectionError, RedisTimeoutError)

# Database connections in the worker follow Django's own rules (CONN_MAX_AGE,
# CONN_HEALTH_CHECKS), as for a web request. Celery's Django fix-up would
# otherwise close them before and after every task, so that each task paid for
# a new PostgreSQL connection (most of the cost of processing an article). The
# fix-up closes them only every CELERY_DB_REUSE_MAX tasks (i.e. never, here);
# the handlers below close a connection that is too old or unusable.
app.conf.CELERY_DB_REUSE_MAX = 1_000_000


@task_prerun.connect(dispatch_uid="ops_tracker.celery.db_prerun")
@task_postrun.connect(dispatch_uid="ops_tracker.celery.db_postrun")
def _close_old_connections(sender=None, task=None, **kwargs):  # noqa: ANN001, ANN003, ANN202
    if getattr(getattr(task or sender, "request", None), "is_eager", False):
        return  # an eager task runs in the caller's connection (and transaction)
    from django.db import close_old_connections

    close_old_connections()


# A sample that loads every table the extractor builds lazily (gazetteer,
# actors, lexicons).
_WARM_UP = {
    "id": "warm-up",
    "title": "",
    "published": "2025-03-12",
    "language": "ar",
    "text": (
        "أعلنت قوات سوريا الديمقراطية أنها نفذت فجر الثلاثاء 11 آذار 2025 عملية إنزال جوي بمشاركة "
        "التحالف الدولي في بلدة ذيبان بريف دير الزور الشرقي، أسفرت عن اعتقال ثلاثة عناصر من تنظيم داعش."
    ),
}


@worker_init.connect(dispatch_uid="ops_tracker.celery.worker_plan_cache")
def _worker_plan_cache(**kwargs):  # noqa: ANN003, ANN202
    """Workers run short primary-key statements many times: generic plans suit them, and the
    per-value planning the API needs (settings: plan_cache_mode) cost ~1.8 ms of database CPU per
    article. WORKER_PLAN_CACHE_MODE (default auto; empty keeps the API's setting) applies to the
    connections the worker and its forked children open."""
    mode = os.environ.get("WORKER_PLAN_CACHE_MODE", "auto").strip()
    if mode not in ("auto", "force_generic_plan", "force_custom_plan"):
        return
    from django.db.backends.signals import connection_created

    def _set_mode(sender, connection, **_kwargs):  # noqa: ANN001, ANN003, ANN202
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET plan_cache_mode = {mode}")

    connection_created.connect(_set_mode, weak=False, dispatch_uid="ops_tracker.worker_plan_cache")


@worker_init.connect(dispatch_uid="ops_tracker.celery.preload_extractor")
def _preload_extractor(**kwargs):  # noqa: ANN003, ANN202
    """Load the extractor in the worker's main process, before the pool forks:
    the children share it (copy-on-write) instead of each building the
    gazetteer on its first article. Set OPSTRACKER_PRELOAD_EXTRACTOR=0 to skip."""
    if os.environ.get("OPSTRACKER_PRELOAD_EXTRACTOR", "1") == "0":
        return
    try:
        from ingest.extraction import extract_article

        extract_article(dict(_WARM_UP))
    except Exception:  # noqa: BLE001  (a broken extractor fails its articles, not the worker)
        logger.exception("preloading the extractor failed")
