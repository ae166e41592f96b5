"""Scaling out (issue 7, item 5): the production settings read the shared cache, the media
storage, the search backend and the task queue from the environment; and the search works
on a search backend other than the database one.

Each settings case imports ``config.settings.production`` in a fresh interpreter (settings
are module state, read once per process). The optional packages (django-storages, the
Elasticsearch/OpenSearch clients) are not installed for the tests: where the settings insist
on them, an empty stand-in package on PYTHONPATH takes their place.
"""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

from home.models import MunicipalityPage
from offers.models import OfferPage

ROOT = Path(__file__).resolve().parents[2]
SECRET = "scaling-test-secret-key-long-enough-0123456789-abcdefghijklmnop"

PRINT_SETTINGS = """
import json
from django.conf import settings as s
print(json.dumps({
    "caches": s.CACHES,
    "storages": s.STORAGES,
    "search": s.WAGTAILSEARCH_BACKENDS,
    "tasks": s.TASKS,
    "apps": s.INSTALLED_APPS,
    "img_src": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "ratelimit_ip": getattr(s, "RATELIMIT_IP_META_KEY", None),
}))
"""

#: Every variable these settings read, removed from the inherited environment first.
OWN_VARIABLES = (
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "RATELIMIT_IP_META_KEY",
    "MEDIA_STORAGE",
    "MEDIA_CSP_ORIGINS",
    "SEARCH_BACKEND",
    "SEARCH_URL",
    "SEARCH_INDEX_PREFIX",
    "SEARCH_TIMEOUT",
    "TASKS_BACKEND",
)


@pytest.fixture(scope="module")
def stand_ins(tmp_path_factory):
    """Empty packages named like the optional ones (only their presence is checked)."""
    path = tmp_path_factory.mktemp("stand-ins")
    for name in ("storages", "elasticsearch", "opensearchpy"):
        (path / name).mkdir()
        (path / name / "__init__.py").write_text("")
    return path


def run_python(code, env=None, *, extra_path=None, args=("-c",)):
    environ = {
        k: v for k, v in os.environ.items() if k not in OWN_VARIABLES and not k.startswith("AWS_")
    }
    environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "socialkompas.example.org",
            **(env or {}),
        }
    )
    if extra_path:
        environ["PYTHONPATH"] = str(extra_path)
    return subprocess.run(
        [sys.executable, *args, code] if args == ("-c",) else [sys.executable, *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(env=None, *, extra_path=None):
    result = run_python(PRINT_SETTINGS, env, extra_path=extra_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def settings_error(env, *, extra_path=None):
    result = run_python(PRINT_SETTINGS, env, extra_path=extra_path)
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr, result.stderr
    return result.stderr.strip().splitlines()[-1]


# Defaults: one process, nothing outside but PostgreSQL.


def test_defaults_are_local_memory_filesystem_database_search_and_immediate_tasks():
    s = production_settings()
    assert s["caches"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert s["storages"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert s["storages"]["staticfiles"]["BACKEND"] == (
        "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    )
    assert s["search"] == {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "danish"}
    }
    assert s["tasks"] == {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    assert "django_tasks_db" not in s["apps"]
    assert s["img_src"] == ["'self'"]
    assert s["ratelimit_ip"] is None


# Cache


def test_redis_is_the_one_cache_of_page_cache_and_rate_limits():
    s = production_settings(
        {
            "REDIS_URL": "redis://cache.internal:6379/2",
            "CACHE_KEY_PREFIX": "kolding",
            "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
        }
    )
    assert s["caches"] == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache.internal:6379/2",
            "KEY_PREFIX": "kolding",
        }
    }
    assert s["ratelimit_ip"] == "HTTP_X_REAL_IP"


def test_page_cache_and_rate_limits_use_the_default_cache():
    """Both must use the cache REDIS_URL configures: the default one."""
    from django.conf import settings
    from django.core.cache import cache

    from home import page_cache

    assert getattr(settings, "RATELIMIT_USE_CACHE", "default") == "default"
    assert page_cache.cache is cache


def test_deploy_check_warns_when_processes_do_not_share_a_cache():
    result = run_python("", args=("manage.py", "check", "--deploy"))
    assert result.returncode == 0, result.stderr
    assert "socialkompas.W001" in result.stderr + result.stdout
    shared = run_python(
        "", {"REDIS_URL": "redis://127.0.0.1:6379/0"}, args=("manage.py", "check", "--deploy")
    )
    assert "socialkompas.W001" not in shared.stderr + shared.stdout


# Media storage


def test_s3_media_storage_for_an_s3_compatible_service(stand_ins):
    s = production_settings(
        {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": "socialkompas-media",
            "AWS_S3_ENDPOINT_URL": "https://fsn1.your-objectstorage.com",
            "AWS_S3_REGION_NAME": "fsn1",
            "AWS_LOCATION": "media",
        },
        extra_path=stand_ins,
    )
    assert s["storages"]["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "socialkompas-media",
            "endpoint_url": "https://fsn1.your-objectstorage.com",
            "region_name": "fsn1",
            "custom_domain": None,
            "location": "media",
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
        },
    }
    # Static files stay with the app servers (collectstatic, served by the web server).
    assert s["storages"]["staticfiles"]["BACKEND"].endswith("ManifestStaticFilesStorage")
    # Images from the bucket are allowed by the citizen pages' CSP, nothing else is.
    assert s["img_src"] == [
        "'self'",
        "https://fsn1.your-objectstorage.com",
        "https://socialkompas-media.fsn1.your-objectstorage.com",
    ]


def test_s3_media_behind_a_cdn_domain(stand_ins):
    s = production_settings(
        {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": "socialkompas-media",
            "AWS_S3_CUSTOM_DOMAIN": "media.socialkompas.dk",
            "AWS_QUERYSTRING_AUTH": "true",
        },
        extra_path=stand_ins,
    )
    options = s["storages"]["default"]["OPTIONS"]
    assert options["custom_domain"] == "media.socialkompas.dk"
    assert options["endpoint_url"] is None
    assert options["querystring_auth"] is True
    assert s["img_src"] == ["'self'", "https://media.socialkompas.dk"]


def test_filesystem_media_root_from_the_environment():
    result = run_python(
        "from django.conf import settings as s; print(s.MEDIA_ROOT)",
        {"MEDIA_STORAGE": "filesystem", "MEDIA_ROOT": "/srv/socialkompas/media"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/srv/socialkompas/media"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE='ftp' is not supported"),
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
        ({"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "b"}, "pip install '.[s3]'"),
    ],
)
def test_bad_media_storage_settings_are_refused(env, message):
    if "pip install" in message and importlib.util.find_spec("storages"):
        pytest.skip("django-storages is installed here")
    assert message in settings_error(env)


# Search backend


@pytest.mark.parametrize(
    "backend", ["elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"]
)
def test_search_backend_switches_to_elasticsearch_or_opensearch(backend, stand_ins):
    s = production_settings(
        {
            "SEARCH_BACKEND": backend,
            "SEARCH_URL": "https://search.internal:9200, https://search2.internal:9200",
            "SEARCH_INDEX_PREFIX": "sk_",
        },
        extra_path=stand_ins,
    )
    assert s["search"] == {
        "default": {
            "BACKEND": f"wagtail.search.backends.{backend}",
            "URLS": ["https://search.internal:9200", "https://search2.internal:9200"],
            "INDEX_PREFIX": "sk_",
            "TIMEOUT": 5,
            "INDEX_SETTINGS": {
                "settings": {"analysis": {"analyzer": {"default": {"type": "danish"}}}}
            },
        }
    }


def test_wagtail_has_the_backend_modules_the_settings_name():
    for backend in ("database", "elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"):
        assert importlib.util.find_spec(f"wagtail.search.backends.{backend}"), backend


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"SEARCH_BACKEND": "solr"},
            "SEARCH_BACKEND='solr' is not supported: use one of database, elasticsearch8, "
            "elasticsearch9, opensearch2, opensearch3.",
        ),
        ({"SEARCH_BACKEND": "elasticsearch8"}, "SEARCH_BACKEND=elasticsearch8 needs SEARCH_URL"),
        (
            {"SEARCH_BACKEND": "opensearch2", "SEARCH_URL": "http://127.0.0.1:9200"},
            "needs the Python package 'opensearchpy': pip install '.[opensearch2]'",
        ),
    ],
)
def test_bad_search_backend_is_refused_clearly(env, message):
    if "pip install" in message and importlib.util.find_spec("opensearchpy"):
        pytest.skip("opensearch-py is installed here")
    assert message in settings_error(env)


# Background tasks


def test_database_task_queue_by_environment():
    s = production_settings({"TASKS_BACKEND": "database"})
    assert s["tasks"] == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert s["apps"][-1] == "django_tasks_db"


def test_database_task_queue_passes_the_checks_and_needs_no_new_migrations():
    env = {"TASKS_BACKEND": "database", "REDIS_URL": "redis://127.0.0.1:6379/0"}
    check = run_python("", env, args=("manage.py", "check"))
    assert check.returncode == 0, check.stdout + check.stderr
    # The queue's tables come with the package; the project adds none.
    migrations = run_python("", env, args=("manage.py", "makemigrations", "--check", "--dry-run"))
    assert migrations.returncode == 0, migrations.stdout + migrations.stderr
    shown = run_python("", env, args=("manage.py", "showmigrations", "django_tasks_database"))
    assert "0001_initial" in shown.stdout, shown.stdout + shown.stderr
    worker = run_python("", env, args=("manage.py", "help", "db_worker"))
    assert worker.returncode == 0, worker.stderr


def test_bad_tasks_backend_is_refused():
    assert "TASKS_BACKEND='celery' is not supported" in settings_error({"TASKS_BACKEND": "celery"})


# The search on a non-database backend


def _query_text(clause):
    """The text of the (multi_)match clause in an Elasticsearch query."""
    if isinstance(clause, dict):
        for key, value in clause.items():
            if key in ("match", "multi_match") and isinstance(value, dict) and "query" in value:
                return value["query"]
            found = _query_text(value)
            if found:
                return found
    elif isinstance(clause, list):
        for value in clause:
            found = _query_text(value)
            if found:
                return found
    return ""


class FakeSearchServer:
    """Answers like Elasticsearch: every offer with a query word in its title, summary or
    keywords, scored by how many words it has. It records what it was asked."""

    bodies = []

    def __init__(self, *args, **kwargs):
        pass

    def search(self, index=None, query=None, **kwargs):
        FakeSearchServer.bodies.append(query)
        words = _query_text(query).lower().split()
        hits = []
        for pk, *texts in OfferPage.objects.values_list("pk", "title", "summary", "keywords"):
            text = " ".join(t or "" for t in texts).lower()
            score = sum(word in text for word in words)
            if score:
                hits.append({"fields": {"pk": [str(pk)]}, "_score": float(score)})
        hits.sort(key=lambda hit: -hit["_score"])
        return {"hits": {"hits": hits}}

    def count(self, **kwargs):
        return {"count": len(self.search(**kwargs)["hits"]["hits"])}

    def __getattr__(self, name):  # indexing and everything else: accepted and ignored
        return lambda *args, **kwargs: {}


class FakeSearchBackend(ElasticsearchBaseSearchBackend):
    """Wagtail's own Elasticsearch backend (query translation, results), without a server."""

    client_class = FakeSearchServer
    use_new_elasticsearch_api = True


FAKE_BACKEND = {
    "default": {
        "BACKEND": f"{__name__}.FakeSearchBackend",
        "URLS": ["http://search.invalid:9200"],
        "AUTO_UPDATE": False,
    }
}


@pytest.mark.django_db
def test_search_works_on_an_elasticsearch_backend(client, demo):
    """Nothing of search/engine.py needs the database backend: the text match with its
    scores comes from the search server, the filters the scope sets are ones it can apply,
    and the ranking, facets and typo lexicon stay in PostgreSQL."""
    kolding = MunicipalityPage.objects.get(slug="kolding")
    FakeSearchServer.bodies.clear()
    with override_settings(WAGTAILSEARCH_BACKENDS=FAKE_BACKEND):
        response = client.get("/kolding/soeg/", {"q": "sorggruppe"})
        api = client.get("/api/search/", {"q": "sorggruppe", "municipality": "kolding"})
    assert response.status_code == 200
    titles = [offer.title for offer in response.context["results"].object_list]
    assert "Sorggruppe for voksne" in titles
    # Only the municipality's own and national offers, as with the database backend.
    assert {
        offer.municipality_id for offer in response.context["results"].paginator.object_list
    } <= {kolding.pk, None}
    assert api.status_code == 200, api.content
    assert "Sorggruppe for voksne" in [r["title"] for r in api.json()["results"]]

    # The scope went to the search server as filters it understands.
    body = json.dumps(FakeSearchServer.bodies[0])
    # The municipality in every language (here Danish only) or none.
    assert f'"offers_offerpage__municipality_id_filter": [{kolding.pk}]' in body
    assert '"live_filter": true' in body
    assert "offers_offerpage__stale_since_filter" in body


@pytest.mark.django_db
def test_the_database_session_is_planned_for_a_web_application():
    """tune_database: no JIT, random_page_cost for data in memory, no parallel workers."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner settings")
    with connection.cursor() as cursor:
        values = []
        for name in ("jit", "random_page_cost", "max_parallel_workers_per_gather"):
            cursor.execute(f"SHOW {name}")
            values.append(cursor.fetchone()[0])
    assert values == ["off", "1.1", "0"]
