"""Load the project's gazetteer files (data/gazetteer/) into the Place table."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import transaction

from ingest.extraction.normalise import normalise_word
from ingest.extraction.places import canonical_admin1

from .models import GeoPrecision, Place

GAZETTEER_DIR = Path(settings.BASE_DIR) / "data" / "gazetteer"

# file -> (Place.source, licence)
SOURCES = {
    "admin_units_sy_iq.csv": (Place.Source.ADMIN, "CC BY 4.0 / CC BY-IGO"),
    "geonames_cities500_sy_iq.csv": (Place.Source.GEONAMES, "CC BY 4.0"),
    "osm_places_sy_2014.csv": (Place.Source.OSM, "ODbL 1.0"),
    "curated_sites.csv": (Place.Source.CURATED, "CC0"),
}

ATTRIBUTIONS = (
    "© OpenStreetMap contributors (ODbL)",
    "GeoNames (CC BY 4.0)",
    "OCHA / HDX Common Operational Datasets (CC BY-IGO)",
    "OpenSyria Data Geography (CC BY 4.0)",
)


def _precision(feature_type: str, feature_class: str) -> tuple[str, str]:
    """(feature kind, geo precision) of a gazetteer row."""
    ft = feature_type.lower()
    if "adm1" in ft:
        return "governorate", GeoPrecision.GOVERNORATE
    if "adm2" in ft:
        return "district", GeoPrecision.DISTRICT
    if "adm3" in ft:
        return "subdistrict", GeoPrecision.DISTRICT
    if ft.startswith("osm:place="):
        return ft.split("=", 1)[1], GeoPrecision.EXACT
    if ft.startswith("curated:"):
        kind = ft.split(":", 1)[1]
        if kind in ("region", "country"):
            return kind, GeoPrecision(kind)
        return kind, GeoPrecision.EXACT
    if feature_class == "L":
        return "area", GeoPrecision.REGION
    return "populated place", GeoPrecision.EXACT


def _rows(directory: Path) -> Iterator[Place]:
    for filename, (source, licence) in SOURCES.items():
        path = directory / filename
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for rec in csv.DictReader(handle):
                try:
                    lat, lon = float(rec["lat"]), float(rec["lon"])
                except (TypeError, ValueError):
                    continue
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    continue
                kind, precision = _precision(rec.get("feature_type", ""), rec.get("feature_class", ""))
                names = [rec.get("name_ar", ""), rec.get("name_en", ""), *rec.get("alt_names", "").split("|")]
                population = rec.get("population") or ""
                yield Place(
                    name_ar=rec.get("name_ar", "")[:200],
                    name_en=rec.get("name_en", "")[:200],
                    alt_names=rec.get("alt_names", ""),
                    search_text=" | ".join(dict.fromkeys(normalise_word(n) for n in names if n)),
                    point=Point(lon, lat, srid=4326),
                    feature_kind=kind[:40],
                    precision=precision,
                    governorate=(canonical_admin1(rec.get("admin1_en")) or "")[:60],
                    governorate_ar=rec.get("admin1_ar", "")[:60],
                    district=rec.get("admin2", "")[:100],
                    country=(rec.get("country_code") or "")[:2],
                    population=int(population) if population.isdigit() else None,
                    source=source,
                    source_id=rec["source_id"][:120],
                    licence=licence,
                )


@transaction.atomic
def load_gazetteer(directory: Path | None = None, batch_size: int = 2000) -> int:
    """Insert or update every gazetteer row (idempotent, keyed on source_id)."""
    places = list(_rows(directory or GAZETTEER_DIR))
    update_fields = [
        "name_ar", "name_en", "alt_names", "search_text", "point", "feature_kind", "precision",
        "governorate", "governorate_ar", "district", "country", "population", "source", "licence",
    ]  # fmt: skip
    Place.objects.bulk_create(
        places,
        batch_size=batch_size,
        update_conflicts=True,
        unique_fields=["source_id"],
        update_fields=update_fields,
    )
    # bulk_create sends no post_save: drop this process's cached Place lookups
    # (events.services.place_for_source_id), also when the load rolls back.
    from .services import clear_place_cache

    clear_place_cache()
    transaction.on_commit(clear_place_cache)
    return len(places)
