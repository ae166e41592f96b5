from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Søgning"

    def ready(self):
        # Deferred to ready(): the receivers use the models, loaded only by then.
        from . import signals  # noqa: F401
