from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Forside og kommuner"

    def ready(self):
        # Deferred to ready(): they use the models, which exist only once the apps are loaded.
        from . import checks, signals, upstream_workarounds  # noqa: F401

        upstream_workarounds.apply()

        signals.connect_post_migrate(self)
