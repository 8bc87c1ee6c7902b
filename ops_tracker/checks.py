"""Start-up guards and system checks for serving the app."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    """Refuse to serve with a throw-away key unless DEBUG is on."""
    if not settings.SECRET_KEY_FROM_ENV and not settings.DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see README).")


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):  # noqa: ANN001, ANN003 (Django check signature)
    if settings.SECRET_KEY_FROM_ENV or settings.DEBUG:
        return []
    return [Error("SECRET_KEY is not set in the environment.", id="ops_tracker.E001")]
