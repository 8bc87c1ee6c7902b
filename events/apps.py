from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Incidents"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        import ops_tracker.checks  # noqa: F401  (registers system checks)

        from .roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self)
