"""Front-end libraries installed by npm (package.json / package-lock.json) and
served by staticfiles. Only each package's built ``dist`` folder is exposed,
under a ``vendor/`` prefix; scripts/bootstrap.sh runs ``npm ci --omit=dev``.

settings.py: ``STATICFILES_DIRS = [BASE_DIR / "static", *NPM_STATICFILES_DIRS]``
"""

from __future__ import annotations

from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"

NPM_STATICFILES_DIRS: list[tuple[str, Path]] = [
    ("vendor/leaflet.markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
]
