"""Reading an HSDS 3.0 feed: a file (one service, a ``Page`` envelope, an array of services,
or ndjson) or the base address of an HSDS API, paged through ``/services?full=true&page=N``.

An address may carry parameters of the API's own (``…/api/hsds/v3/?per_page=100`` or a filter
such as ``?modified_after=2026-01-01``); every page is asked for with them. All pages are read
before anything is written: a page that cannot be read stops the import with nothing saved.
"""

import json
from http.client import HTTPException
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qsl, urlencode
from urllib.request import Request, urlopen

from django.utils.translation import gettext as _

#: An API is read at most this many pages, each within this many seconds.
MAX_PAGES = 10_000
TIMEOUT = 30


class SourceError(Exception):
    """The feed cannot be read at all (a Danish message)."""


def read_source(source: str) -> list:
    """The services of ``source`` (file path or http(s) address), as dicts."""
    if source.startswith(("http://", "https://")):
        return _read_api(source)
    try:
        with open(source, encoding="utf-8-sig") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        raise SourceError(_("Filen er ikke UTF-8.")) from None
    except OSError as exc:
        raise SourceError(
            _("Filen kan ikke læses: %(reason)s.") % {"reason": exc.strerror}
        ) from None
    return services_in(text)


def services_in(text: str) -> list:
    """The services in a JSON or ndjson text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None
        lines = [line for line in text.splitlines() if line.strip()]
        try:
            data = [json.loads(line) for line in lines]
        except json.JSONDecodeError as exc:
            raise SourceError(
                _("Ikke gyldig JSON eller ndjson (linje %(line)s).") % {"line": exc.lineno}
            ) from None
    if isinstance(data, dict):
        data = data["contents"] if isinstance(data.get("contents"), list) else [data]
    if not isinstance(data, list):
        raise SourceError(_("Forventede en service, en side (Page) eller en liste af services."))
    return data


def _get_json(url):
    """The JSON at ``url``, or SourceError saying in Danish why not."""
    request = Request(url, headers={"Accept": "application/json"})
    try:
        with urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (http(s) only)
            body = response.read()
    except HTTPError as exc:
        raise SourceError(
            _("Kan ikke hente %(url)s: serveren svarede %(status)s.")
            % {"url": url, "status": f"{exc.code} {exc.reason}"}
        ) from None
    except (URLError, OSError, HTTPException, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            message = _("Kan ikke hente %(url)s: intet svar inden for %(seconds)s sekunder.")
        else:
            message = _("Kan ikke hente %(url)s: ingen forbindelse til serveren (%(reason)s).")
        raise SourceError(message % {"url": url, "seconds": TIMEOUT, "reason": reason}) from None
    try:
        return json.loads(body.decode("utf-8"))
    except ValueError:  # not UTF-8, or not JSON
        raise SourceError(_("Svaret fra %(url)s er ikke JSON.") % {"url": url}) from None


def _read_api(base):
    address, _mark, own_query = base.partition("?")
    own = [
        (name, value)
        for name, value in parse_qsl(own_query, keep_blank_values=True)
        if name not in ("full", "page")
    ]
    services = []
    for page in range(1, MAX_PAGES + 1):
        query = urlencode([*own, ("full", "true"), ("page", page)])
        data = _get_json(f"{address.rstrip('/')}/services?{query}")
        if not isinstance(data, dict) or not isinstance(data.get("contents"), list):
            raise SourceError(_("Svaret er ikke en side (Page) med contents."))
        services += data["contents"]
        if (
            data.get("last_page", True)
            or not data["contents"]
            or page >= data.get("total_pages", page)
        ):
            break
    return services
