"""Workarounds for upstream bugs in the test run, each with its issue (loaded with ``-p`` in
pyproject.toml's pytest options). The site's own workarounds are in home/upstream_workarounds.py.
"""

import pytest
from django.db import connections
from pytest_django.plugin import blocking_manager_key


def _flushes_the_database(item):
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    return transactional or {"transactional_db", "live_server"} & set(item.fixturenames)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, put back what the migrations created (the root page, the
    locales, the groups ...) for the test after it.

    Django empties the database after a transactional test and fills it again only at the start
    of the next transactional test with ``serialized_rollback``, so it runs those tests last.
    pytest-xdist (``make test`` runs the suite in parallel, a test file per worker at a time)
    sends each worker whole files in turn, so an ordinary test can follow a transactional one
    on the same worker and would find an empty database (pytest-django issues #329 and #595).
    """
    result = yield
    followed = nextitem is not None and not _flushes_the_database(nextitem)
    if followed and _flushes_the_database(item):
        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all():
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result
