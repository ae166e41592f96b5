from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Forside og kommuner"

    def ready(self):
        # Deferred to ready(): both use the models, which exist only once the apps are loaded.
        from . import signals, upstream_workarounds

        upstream_workarounds.apply()

        signals.connect_post_migrate(self)
