"""Search statistics under concurrency (PostgreSQL).

In a module of its own: a transactional test runs after the other tests of a run, and while
another module's module-scoped ``demo`` fixture was still open its serialized rollback
collided with the demo's site (duplicate localhost:80) when that module was run alone.
"""

import pytest
from django.db import connection

from search.models import SearchTerm
from search.statistics import record_search


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_searches_are_all_counted(home):
    """Searches arriving at once for a new (municipality, day, query) make one row and are
    all counted (PostgreSQL: the unique constraint plus get_or_create's retry, and the
    increment as a single UPDATE)."""
    import threading

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("needs a database with real concurrency")
    threads_count = 8
    barrier = threading.Barrier(threads_count)

    def search():
        try:
            barrier.wait()
            record_search(None, "samtidig søgning", 0)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=search) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    row = SearchTerm.objects.get()
    assert (row.searches, row.zero_results) == (threads_count, threads_count)
