from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Forside og kommuner"

    def ready(self):
        from . import checks, signals, upstream_workarounds  # noqa: F401

        upstream_workarounds.apply()

        signals.connect_post_migrate(self)
