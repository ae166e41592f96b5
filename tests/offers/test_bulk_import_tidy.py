"""After a large import the tables it filled are vacuumed and analysed once it commits
(offers.bulk_pages.tidy_after_commit; a module of its own, as transactional tests must be)."""

import pytest
from django.core.management import call_command
from django.db import connection

from offers import bulk_pages
from tests.offers.test_bulk_import import kolding_rows
from tests.offers.test_import import csv_text

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TABLES = (
    "wagtailsearch_indexentry",
    "wagtailcore_page",
    "offers_offerpage",
    "offers_offerpage_life_situations",
)


def vacuum_counts():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT relname, vacuum_count FROM pg_stat_user_tables WHERE relname = ANY(%s)",
            [list(TABLES)],
        )
        return dict(cursor.fetchall())


@pytest.fixture
def csv_file(tmp_path, example_csv):
    def write(count):
        path = tmp_path / f"offers-{count}.csv"
        path.write_text(csv_text(kolding_rows(example_csv, count)), encoding="utf-8")
        return str(path)

    return write


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")


def test_a_large_import_vacuums_and_analyses_what_it_wrote(kolding, csv_file, monkeypatch):
    monkeypatch.setattr(bulk_pages, "TIDY_FROM", 3)
    before = vacuum_counts()
    call_command("import_offers", csv_file(3))
    after = vacuum_counts()
    assert set(after) == set(TABLES)
    assert all(after[table] > before.get(table, 0) for table in TABLES), (before, after)


def test_a_small_import_and_a_dry_run_leave_it_to_autovacuum(kolding, csv_file, monkeypatch):
    monkeypatch.setattr(bulk_pages, "TIDY_FROM", 3)
    before = vacuum_counts()
    call_command("import_offers", csv_file(2))
    call_command("import_offers", csv_file(4), "--dry-run")
    assert vacuum_counts() == before
