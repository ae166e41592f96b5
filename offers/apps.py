from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Tilbud"

    def ready(self):
        # Deferred: these import the models, which are not loaded when this module is.
        from . import mail_to_approvers, mail_to_associations, signals  # noqa: F401

        mail_to_approvers.connect()
