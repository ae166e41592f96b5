from django.conf import settings
from django.core.management.base import BaseCommand

from offers.retention import purge_personal_data


class Command(BaseCommand):
    help = (
        "Slet afsenderes persondata fra afsluttede indsendelser og løste fejlmeldinger, "
        "når opbevaringsperioden er gået (SOCIALKOMPAS_RETENTION_DAYS). Køres dagligt."
    )

    def handle(self, *args, **options):
        deleted = purge_personal_data()
        self.stdout.write(
            f"Slettet: {deleted['submissions']} indsendelser og {deleted['error_reports']} "
            f"fejlmeldinger ældre end {settings.SOCIALKOMPAS_RETENTION_DAYS} dage efter afslutning."
        )
