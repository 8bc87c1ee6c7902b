from typing import Any

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Incidents"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        import ops_tracker.checks  # noqa: F401  (registers system checks)

        from .roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self)
        connect_cache_invalidation()


def _bump(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from .cache import bump_data_version

    bump_data_version(using)


def connect_cache_invalidation() -> None:
    """Every saved/deleted incident, actor/target link or actor bumps the data version of the
    cached API responses (events.cache). Writes with QuerySet.update bump it themselves."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from .models import Actor, Incident

    for model in (Incident, Actor):
        post_save.connect(_bump, sender=model, dispatch_uid=f"api-cache-save-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"api-cache-delete-{model.__name__}")
    for through in (Incident.actors.through, Incident.targets.through):
        m2m_changed.connect(_bump, sender=through, dispatch_uid=f"api-cache-m2m-{through.__name__}")
