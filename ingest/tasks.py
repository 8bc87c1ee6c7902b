"""Celery tasks: thin wrappers that take ids and call services."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),  # database restarts are transient
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=8,
)
def process_article_task(self, article_id: int, force: bool = False) -> str:  # noqa: ANN001
    return services.process_article(article_id, force=force)
