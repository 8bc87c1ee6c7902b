from pathlib import Path

from django.core.management.base import BaseCommand

from events.gazetteer import GAZETTEER_DIR, load_gazetteer


class Command(BaseCommand):
    help = (
        "Load the gazetteer (GeoNames, OCHA/Open-Syria, OpenStreetMap, curated sites) into the Place table."
    )

    def add_arguments(self, parser):  # noqa: ANN001
        parser.add_argument("--dir", type=Path, default=GAZETTEER_DIR, help="folder of gazetteer CSV files")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        count = load_gazetteer(options["dir"])
        self.stdout.write(self.style.SUCCESS(f"Gazetteer: {count:,} places loaded from {options['dir']}"))
