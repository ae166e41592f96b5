from django.core.management.base import BaseCommand

from search import lexicon


class Command(BaseCommand):
    help = (
        "Byg søgeordslisten (stavefejl og sammensatte ord) forfra ud fra de offentlige tilbud. "
        "Køres om natten og efter en stor import."
    )

    def handle(self, *args, **options):
        count = lexicon.rebuild()
        self.stdout.write(f"Søgeordslisten har nu {count} ord.")
