import io
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from home.municipalities import create_municipality

from .factories import HomePageFactory

DATA = Path(__file__).parent / "data"


@pytest.fixture
def home(db):
    """The national front page as the default site's root, in place of Wagtail's welcome page."""
    Page.objects.filter(depth=2).delete()
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


@pytest.fixture
def kolding(home):
    return create_municipality("Kolding")


@pytest.fixture
def mariagerfjord(home):
    return create_municipality("Mariagerfjord")


@pytest.fixture
def demo(db):
    call_command("load_demo", "--force", stdout=io.StringIO())


@pytest.fixture
def example_csv():
    return DATA / "example_rows.csv"
