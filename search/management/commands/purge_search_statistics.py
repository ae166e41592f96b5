"""Fold rare searches into "other" after 30 days and delete search statistics older than two
years (run it daily from cron)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from search.models import SearchTerm
from search.statistics import MIN_SHOWN_SEARCHES, RARE_DAYS, fold_rare_queries

RETENTION_DAYS = 2 * 365


class Command(BaseCommand):
    help = (
        f"Lægger søgninger, der er søgt færre end {MIN_SHOWN_SEARCHES} gange i en kommune, "
        f"sammen under »andre søgninger«, når de er over {RARE_DAYS} dage gamle (antallet "
        "bevares), og sletter søgestatistik, der er ældre end to år."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=RETENTION_DAYS, help="Behold så mange dage."
        )

    def handle(self, *args, days, **options):
        cutoff = timezone.localdate() - datetime.timedelta(days=days)
        deleted, _ = SearchTerm.objects.filter(day__lt=cutoff).delete()
        folded = fold_rare_queries()
        self.stdout.write(
            f"Slettede {deleted} rækker søgestatistik fra før {cutoff}. "
            f"Lagde {folded} rækker med sjældne søgninger sammen under andre søgninger."
        )
