"""Throttles whose rates are read at request time from REST_FRAMEWORK settings.

DRF's stock throttles copy ``DEFAULT_THROTTLE_RATES`` into a class attribute at
import, so ``override_settings`` cannot change them; these look the rate up on
every request (``api_settings`` is reloaded when settings change in tests).
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _LiveRate:
    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_LiveRate, AnonRateThrottle):
    scope = "anon"


class UserThrottle(_LiveRate, UserRateThrottle):
    scope = "user"


API_THROTTLES = [AnonThrottle, UserThrottle]
