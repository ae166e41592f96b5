from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Søgning"

    def ready(self):
        from . import signals  # noqa: F401
