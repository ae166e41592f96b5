from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Tilbud"

    def ready(self):
        from . import notifications, signals, translation  # noqa: F401

        notifications.connect()
        translation.configure_offer_translation()
