"""Delete search statistics older than two years (run it daily or monthly from cron)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from search.models import SearchTerm

RETENTION_DAYS = 2 * 365


class Command(BaseCommand):
    help = "Sletter søgestatistik, der er ældre end to år."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=RETENTION_DAYS, help="Behold så mange dage."
        )

    def handle(self, *args, days, **options):
        cutoff = timezone.localdate() - datetime.timedelta(days=days)
        deleted, _ = SearchTerm.objects.filter(day__lt=cutoff).delete()
        self.stdout.write(f"Slettede {deleted} rækker søgestatistik fra før {cutoff}.")
