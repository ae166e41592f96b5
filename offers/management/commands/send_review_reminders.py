from django.core.management.base import BaseCommand, CommandError

from offers.review_reminders import send_review_reminders


class Command(BaseCommand):
    help = (
        "Send påmindelser om at bekræfte tilbud, der ikke er bekræftet længe, og skjul dem, "
        "der har ventet for længe. Køres dagligt; hver påmindelse sendes kun én gang."
    )

    def handle(self, *args, **options):
        counts = send_review_reminders()
        for months, count in counts["reminded"].items():
            self.stdout.write(f"Påmindelse efter {months} måneder: {count} tilbud")
        self.stdout.write(f"Skjult som forældede: {counts['hidden']} tilbud")
        self.stdout.write(
            f"Administratorer underrettet: {counts['administrators_notified']} e-mails"
        )
        if counts["without_email"]:
            self.stdout.write(
                f"Uden e-mail-adresse (ingen påmindelse sendt): {counts['without_email']} tilbud"
            )
        if counts["failed"]:
            raise CommandError(
                f"{counts['failed']} tilbud kunne ikke behandles (e-mail fejlede); "
                "de prøves igen ved næste kørsel."
            )
