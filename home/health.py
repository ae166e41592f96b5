"""``/healthz`` for the load balancer: is this app server able to serve (database and cache)?

Answered by a middleware at the top of ``MIDDLEWARE``, before anything else sees the request:
no session, no language prefix, no HTTPS redirect, no host check (a load balancer asks for the
server's own address, not a public hostname), not cached, no page cache. The answer is JSON:
200 ``{"status": "ok", ...}`` or 503 naming the part that failed. Only the path is logged
(Django logs a 503 by its path; the access log never carries a query string).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.cache import add_never_cache_headers

HEALTH_PATH = "/healthz"

logger = logging.getLogger(__name__)


def _database():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache():
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


CHECKS = {"database": _database, "cache": _cache}


def run_checks():
    """Each part's result, ``"ok"`` or ``"error"``."""
    results = {}
    for name, check in CHECKS.items():
        try:
            ok = check()
        except Exception as exc:  # noqa: BLE001 - any failure makes the server unhealthy
            logger.warning("Health check %s failed: %s", name, type(exc).__name__)
            ok = False
        results[name] = "ok" if ok else "error"
    return results


def health_response(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    checks = run_checks()
    failed = [name for name, result in checks.items() if result != "ok"]
    body = {"status": "error" if failed else "ok", "checks": checks}
    if failed:
        body["failed"] = failed
    response = JsonResponse(body, status=503 if failed else 200)
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """First in ``MIDDLEWARE``: answers ``/healthz`` itself, passes everything else on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return health_response(request)
        return self.get_response(request)
