from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Tilbud"

    def ready(self):
        from . import mail_to_approvers, signals, translation  # noqa: F401

        mail_to_approvers.connect()
        translation.configure_offer_translation()
