from django.core.management.base import BaseCommand, CommandError

from home.municipalities import (
    MunicipalityError,
    find_municipality,
    get_or_create_municipality,
    provision_municipality,
)


class Command(BaseCommand):
    help = (
        "Opret en kommune: forside, gruppe til lokale administratorer, billedsamling og "
        "godkendelsesflow. Kan køres igen; en eksisterende kommune bliver kun efterset."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help='Kommunens navn, fx "Kolding".')

    def handle(self, *args, name, **options):
        existed = find_municipality(name) is not None
        try:
            page, _ = get_or_create_municipality(name)
        except MunicipalityError as exc:
            raise CommandError(str(exc)) from exc
        provision_municipality(page)
        page.refresh_from_db()
        verb = "findes allerede (efterset)" if existed else "oprettet"
        self.stdout.write(f"Kommunen {page.title} {verb}: /{page.slug}/")
        self.stdout.write(f"  gruppe: {page.admin_group.name}")
        self.stdout.write(f"  samling: {page.collection.name}")
