from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from offers.hsds.reading import SourceError, read_source
from offers.hsds.schedules import apply_recurring
from offers.hsds.to_rows import describe, records
from offers.importing import OfferImporter


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Importér tilbud fra Open Referral HSDS 3.0: en JSON-fil (én service, en side, en "
        "liste eller ndjson) eller adressen på et HSDS-API."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            help="En HSDS-fil eller et HSDS-API's adresse (https://…), evt. med API'ets egne "
            "parametre, fx ?per_page=200.",
        )
        parser.add_argument(
            "--municipality",
            help="Læg alle tilbud i denne kommune (ellers: deres service_area; national for "
            "landsdækkende).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Kontrollér kilden og vis resultatet uden at gemme noget.",
        )

    def handle(self, *args, source, municipality, dry_run, **options):
        try:
            services = read_source(source)
        except SourceError as exc:
            raise CommandError(str(exc)) from None
        checked = records(services, municipality)
        by_number = {record.number: record for record in checked}
        rows = [(r.number, r.row) for r in checked if not r.errors]
        try:
            with transaction.atomic():
                result = OfferImporter().import_rows(rows)
                apply_recurring(checked)
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write(_("Prøvekørsel: intet er gemt."))

        errors = [(r, e) for r in checked for e in r.errors]
        result.failed += sum(1 for r in checked if r.errors)
        errors += [(by_number[e.line], e) for e in result.errors]
        for name in result.municipalities_created:
            self.stdout.write(_("Ny kommune oprettet: %(name)s") % {"name": name})
        for record in checked:
            for column, message in record.warnings:
                line = describe(record, column, message)
                self.stdout.write(_("Bemærk: %(warning)s") % {"warning": line})
        for record, error in sorted(errors, key=lambda pair: pair[0].number):
            line = describe(record, error.column, error.message)
            self.stderr.write(_("Fejl: %(error)s") % {"error": line})
        self.stdout.write(result.summary())
        if errors:
            raise CommandError(
                _("%(count)s fejl; poster med fejl er ikke importeret.") % {"count": len(errors)}
            )
