"""/healthz for the load balancer: database and cache, outside every redirect and host check."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthy_server_answers_ok_without_session_or_caching(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_database_down_is_503_naming_the_database(client):
    with mock.patch("home.health.connections") as connections:
        connections.__getitem__.return_value.cursor.side_effect = OperationalError("down")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "error", "cache": "ok"},
        "failed": ["database"],
    }


def test_cache_down_is_503_naming_the_cache(client):
    with mock.patch("home.health.cache") as cache:
        cache.set.side_effect = ConnectionError("no redis")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]


def test_a_cache_that_loses_what_it_stored_is_unhealthy(client):
    with mock.patch("home.health.cache") as cache:
        cache.get.return_value = None
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["socialkompas.example.org"])
def test_no_https_redirect_and_no_host_check_for_the_load_balancer(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    # Everything else is still redirected / refused.
    assert client.get("/", HTTP_HOST="socialkompas.example.org").status_code == 301
    assert client.get("/", HTTP_HOST="10.0.0.5:8000", secure=True).status_code == 400


def test_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_the_failure_is_logged_without_details(client, caplog):
    with mock.patch("home.health.connections") as connections:
        connections.__getitem__.return_value.cursor.side_effect = OperationalError("password=x")
        client.get("/healthz?token=secret")
    text = caplog.text
    assert "Health check database failed: OperationalError" in text
    assert "password=x" not in text and "secret" not in text
