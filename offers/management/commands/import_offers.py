from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from offers.importing import OfferImporter


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Importér tilbud fra en CSV-fil i formatet fra offer-format.md."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Stien til CSV-filen (UTF-8, komma-separeret).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Kontrollér filen og vis resultatet uden at gemme noget.",
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            with transaction.atomic():
                result = OfferImporter().import_path(file)
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write(_("Prøvekørsel: intet er gemt."))

        for municipality in result.municipalities_created:
            self.stdout.write(_("Ny kommune oprettet: %(name)s") % {"name": municipality})
        for error in result.errors:
            self.stderr.write(_("Fejl: %(error)s") % {"error": error})
        for warning in result.warnings:
            self.stdout.write(_("Advarsel: %(warning)s") % {"warning": warning})
        self.stdout.write(result.summary())
        if result.errors:
            raise CommandError(
                _("%(count)s fejl; rækker med fejl er ikke importeret.")
                % {"count": len(result.errors)}
            )
