from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from outsourcing.services.catalogue_load import LocationTableError, RateBookError, catalogue_load


class Command(BaseCommand):
    help = (
        "Load the catalogue (service types, engagement and sourcing models, locations, risk factors, drivers) "
        "from outsourcing/data/. Idempotent: rows are updated in place. With --locations FILE.csv, also import "
        "your own location table; with --rates FILE.csv, your own vendor rates (columns of "
        "outsourcing/data/rate_book.csv, every row with its source). A bad row names its row and column and "
        "nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("--locations", metavar="FILE.csv", help="a location table with the columns of "
                            "outsourcing/data/locations.csv")
        parser.add_argument("--rates", metavar="FILE.csv", help="vendor rates with the columns of "
                            "outsourcing/data/rate_book.csv (location, family, low, high, unit, currency, year, "
                            "source, address)")

    def handle(self, *args, **options):
        locations_file = None
        if options.get("locations"):
            locations_file = Path(options["locations"])
            if not locations_file.is_file():
                raise CommandError(f"--locations: no such file: {locations_file}")
        rates_file = None
        if options.get("rates"):
            rates_file = Path(options["rates"])
            if not rates_file.is_file():
                raise CommandError(f"--rates: no such file: {rates_file}")
        try:
            report = catalogue_load(locations_file=locations_file, rates_file=rates_file)
        except (LocationTableError, RateBookError) as exc:
            listed = "\n".join(f"  - {p}" for p in exc.problems[:50])
            more = f"\n  ... and {len(exc.problems) - 50} more" if len(exc.problems) > 50 else ""
            what = f"--locations {locations_file}" if isinstance(exc, LocationTableError) else (
                f"--rates {rates_file}" if rates_file else "the shipped rate book")
            raise CommandError(f"{what}: nothing was imported; fix these problems:\n{listed}{more}") from exc
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Catalogue loaded."))
