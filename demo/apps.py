from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content (``manage.py load_demo``): on top of every other app, used by none."""

    name = "demo"
    verbose_name = "Demoindhold"
