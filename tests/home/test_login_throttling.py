"""Login throttling (issue 12, item 7): django-axes locks one username out from one client
after repeated wrong passwords, through the real Wagtail login form and the Django admin's."""

import io
import logging
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from home.client_ip import client_ip

PASSWORD = "adgangskode-1234"  # tests/conftest.py's users
WRONG = "forkert-kodeord-9876"
LOCKED_TEXT = "for mange gange"
WAGTAIL_LOGIN = "/admin/login/"
DJANGO_LOGIN = "/django-admin/login/"


def attempt(client, username, password, ip="192.0.2.10", url=WAGTAIL_LOGIN, **meta):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip, **meta)


def fail(client, username, times, **kwargs):
    return [attempt(client, username, WRONG, **kwargs) for _ in range(times)][-1]


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("drift", "drift@example.org", PASSWORD)


def test_the_limit_is_five_failures_in_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_ENABLED


def test_four_wrong_passwords_are_only_wrong(client, kolding_admin):
    response = fail(client, "kolding-admin", 4)
    assert response.status_code == 200
    assert LOCKED_TEXT not in response.content.decode()
    assert attempt(client, "kolding-admin", PASSWORD).status_code == 302
    assert logged_in(client)


def test_fifteen_wrong_passwords_lock_the_user_out_with_a_danish_login_page(client, kolding_admin):
    responses = [attempt(client, "kolding-admin", WRONG) for _ in range(15)]

    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert {r.status_code for r in responses[4:]} == {429}
    html = responses[-1].content.decode()
    assert "Der er skrevet forkert adgangskode for mange gange" in html
    assert "de næste 15 minutter" in html
    assert 'value="kolding-admin"' in html  # the login form again, the username kept
    assert 'name="password"' in html
    assert WRONG not in html
    assert "Account locked" not in html

    # The right password does not help from this client now.
    response = attempt(client, "kolding-admin", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_lockout_is_per_user_and_client(client, kolding_admin, mariagerfjord_admin):
    fail(client, "kolding-admin", 5, ip="192.0.2.10")

    # The same user from another client is not locked out ...
    assert attempt(client, "kolding-admin", PASSWORD, ip="198.51.100.7").status_code == 302
    client.logout()
    # ... nor another user from the same client.
    assert attempt(client, "mariagerfjord-admin", PASSWORD, ip="192.0.2.10").status_code == 302
    client.logout()
    assert attempt(client, "kolding-admin", PASSWORD, ip="192.0.2.10").status_code == 429


def test_behind_the_proxy_each_citizen_is_their_own_client(client, kolding_admin, settings):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    citizen_a = {"ip": "10.0.0.2", "HTTP_X_REAL_IP": "203.0.113.5"}  # all through the proxy
    citizen_b = {"ip": "10.0.0.2", "HTTP_X_REAL_IP": "203.0.113.99"}
    fail(client, "kolding-admin", 5, **citizen_a)

    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"
    assert attempt(client, "kolding-admin", PASSWORD, **citizen_a).status_code == 429
    assert attempt(client, "kolding-admin", PASSWORD, **citizen_b).status_code == 302


def test_a_successful_login_resets_the_count(client, kolding_admin):
    fail(client, "kolding-admin", 4)
    assert attempt(client, "kolding-admin", PASSWORD).status_code == 302
    client.logout()
    assert not AccessAttempt.objects.exists()

    response = fail(client, "kolding-admin", 4)
    assert response.status_code == 200
    assert attempt(client, "kolding-admin", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, kolding_admin):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, "kolding-admin", 5)
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        # Refused, and not counted: the lockout still ends 15 minutes after the last failure.
        assert attempt(client, "kolding-admin", PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        assert attempt(client, "kolding-admin", PASSWORD).status_code == 302


def test_the_django_admin_login_is_throttled_too(client, superuser):
    response = fail(client, "drift", 5, url=DJANGO_LOGIN)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Der er skrevet forkert adgangskode for mange gange" in html
    assert 'value="drift"' in html
    # The same counter as the Wagtail admin's: the username is locked out from this client.
    assert attempt(client, "drift", PASSWORD).status_code == 429
    assert attempt(client, "drift", PASSWORD, url=DJANGO_LOGIN).status_code == 429


@pytest.mark.parametrize(
    "command, args",
    [
        ("axes_reset", []),
        ("axes_reset_username", ["kolding-admin"]),
        ("axes_reset_ip", ["192.0.2.10"]),
        ("axes_reset_ip_username", ["192.0.2.10", "kolding-admin"]),
    ],
)
def test_the_documented_commands_lift_a_lockout(client, kolding_admin, command, args):
    fail(client, "kolding-admin", 5)
    assert attempt(client, "kolding-admin", PASSWORD).status_code == 429

    call_command(command, *args, stdout=io.StringIO())

    assert attempt(client, "kolding-admin", PASSWORD).status_code == 302


def test_neither_the_password_nor_the_username_nor_the_client_is_logged(
    client, kolding_admin, caplog
):
    caplog.set_level(logging.DEBUG)
    fail(client, "kolding-admin", 6)
    attempt(client, "kolding-admin", PASSWORD, ip="198.51.100.7")

    axes_lines = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    assert any("Locking out" in line for line in axes_lines)  # axes did log, ...
    text = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (WRONG, PASSWORD, "kolding-admin", "192.0.2.10", "198.51.100.7"):
        assert secret not in text  # ... but none of these


def test_the_kept_attempt_holds_no_password_and_no_login_is_kept(client, kolding_admin):
    fail(client, "kolding-admin", 3)
    stored = AccessAttempt.objects.get()
    assert stored.failures_since_start == 3
    assert WRONG not in stored.post_data and WRONG not in stored.get_data
    assert "kolding-admin" not in stored.post_data

    attempt(client, "kolding-admin", PASSWORD)
    assert not AccessLog.objects.exists()


def test_logging_in_from_code_still_works(client, kolding_admin):
    """The test client's login() has no request; force_login() a made-up one (no address)."""
    assert client.login(username="kolding-admin", password=PASSWORD)
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert not client.login(username="kolding-admin", password=WRONG)
    client.force_login(kolding_admin)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "meta, expected",
    [
        ({"REMOTE_ADDR": "192.0.2.10"}, "192.0.2.10"),
        ({"REMOTE_ADDR": "2001:db8:1:2:aaaa::1"}, "2001:db8:1:2::"),
        ({"REMOTE_ADDR": "2001:db8:1:2:bbbb::9"}, "2001:db8:1:2::"),
        ({"REMOTE_ADDR": ""}, None),
        ({"REMOTE_ADDR": "not-an-address"}, None),
    ],
)
def test_client_ip_counts_an_ipv6_network_as_one_client(meta, expected):
    request = RequestFactory().get("/")
    request.META.update(meta)
    assert client_ip(request) == expected


def test_client_ip_follows_the_proxy_setting(settings):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="203.0.113.5")
    assert client_ip(request) == "203.0.113.5"
