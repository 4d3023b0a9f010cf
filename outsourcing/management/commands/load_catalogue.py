from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from outsourcing.services.catalogue_load import LocationTableError, catalogue_load


class Command(BaseCommand):
    help = (
        "Load the catalogue (service types, engagement and sourcing models, locations, risk factors, drivers) "
        "from outsourcing/data/. Idempotent: rows are updated in place. With --locations FILE.csv, also import "
        "your own location table; a bad row names its row and column and nothing of that file is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("--locations", metavar="FILE.csv", help="a location table with the columns of "
                            "outsourcing/data/locations.csv")

    def handle(self, *args, **options):
        locations_file = None
        if options.get("locations"):
            locations_file = Path(options["locations"])
            if not locations_file.is_file():
                raise CommandError(f"--locations: no such file: {locations_file}")
        try:
            report = catalogue_load(locations_file=locations_file)
        except LocationTableError as exc:
            listed = "\n".join(f"  - {p}" for p in exc.problems[:50])
            more = f"\n  ... and {len(exc.problems) - 50} more" if len(exc.problems) > 50 else ""
            raise CommandError(
                f"--locations {locations_file}: nothing was imported; fix these problems:\n{listed}{more}"
            ) from exc
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Catalogue loaded."))
