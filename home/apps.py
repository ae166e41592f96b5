from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Forside og kommuner"

    def ready(self):
        from . import signals, upstream_workarounds

        upstream_workarounds.apply()

        signals.connect_post_migrate(self)
