import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from wagtail.models import Page, Site

from home.municipalities import create_municipality
from tests.home.factories import HomePageFactory

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


def pytest_collection_modifyitems(items):
    """In each test file, the tests on the demo content (``demo``) after the others.

    ``demo`` is loaded once per file and stays until the file's last test, so a test that runs
    after it and asks for ``home`` would first delete all of the demo's pages (seconds each).
    Only runs of consecutive tests of one file are reordered: pytest-django's order (the
    transactional tests last) stays as it is.
    """
    runs = []
    for item in items:
        if runs and runs[-1][0].module is item.module:
            runs[-1].append(item)
        else:
            runs.append([item])
    items[:] = [
        item for run in runs for item in sorted(run, key=lambda i: "demo" in i.fixturenames)
    ]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Wagtail caches site root paths; a test must not see another test's sites."""
    cache.clear()


@pytest.fixture(autouse=True)
def _danish_to_begin_with():
    """Each test starts in the site's language: a request to an /en/ page leaves English active
    in the test's thread (LocaleMiddleware activates, nothing deactivates), which made a later
    test's messages English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo content (load_demo), loaded once per test module and rolled back after it.

    Each test's own changes are rolled back to this state, as usual.
    """
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            cache.clear()
            # Without the English translations: tests look demo pages up by slug.
            call_command("load_demo", "--force", "--no-translations", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)
            cache.clear()


@pytest.fixture
def example_csv():
    return DATA / "example_rows.csv"


# People


def _user(username, groups=(), **extra):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "adgangskode-1234", **extra
    )
    user.groups.add(*groups)
    return user


@pytest.fixture
def national_editor(db):
    from django.contrib.auth.models import Group

    from home.roles import NATIONAL_EDITORS

    return _user("redaktoer", [Group.objects.get(name=NATIONAL_EDITORS)])


@pytest.fixture
def kolding_admin(kolding):
    kolding.refresh_from_db()
    return _user("kolding-admin", [kolding.admin_group])


@pytest.fixture
def mariagerfjord_admin(mariagerfjord):
    mariagerfjord.refresh_from_db()
    return _user("mariagerfjord-admin", [mariagerfjord.admin_group])
