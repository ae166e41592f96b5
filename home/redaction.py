"""What no log may keep: a query string (what people search for) or a private link's token
(the associations' links, and the admin's password-reset links).

The private links' routes are defined here, once: ``offers/wagtail_hooks.py`` registers them
(``home.routes``) and ``redact`` leaves their token out of every logged address. Both the
Django logging configuration (``RedactingFilter``, on every handler in ``config/settings``) and
gunicorn's access and error log (``config/gunicorn_logging.py``) go through ``redact``.

Plain Python without Django, so gunicorn's master process can import it.
"""

import logging
import re

#: The routes of the associations' private links (``offers/wagtail_hooks.py``): the segment in
#: the place of ``<str:token>`` is a secret.
EDIT_LINK_ROUTE = "opret-tilbud/ret/<int:offer_id>/<str:token>/"
CONFIRM_LINK_ROUTE = "opret-tilbud/bekraeft/<int:offer_id>/<str:token>/"
#: An organisation's page of its offers in one municipality (offers.organisation_page).
ORGANISATION_LINK_ROUTE = "opret-tilbud/jeres/<int:organisation_id>/<str:token>/"
PRIVATE_LINK_ROUTES = (EDIT_LINK_ROUTE, CONFIRM_LINK_ROUTE, ORGANISATION_LINK_ROUTE)
#: Wagtail's password-reset link (below the admin's prefix), also how an invited administrator
#: sets a first password (``home.co_administrators``).
PASSWORD_RESET_ROUTE = "password_reset/confirm/<uidb64>/<str:token>/"
#: Every address with a secret segment: the private links and the admin's.
TOKEN_ROUTES = (*PRIVATE_LINK_ROUTES, PASSWORD_RESET_ROUTE)

#: What a redacted token is replaced with.
REDACTED = "[skjult]"

_SEGMENT = r"[^/?#\s\"']+"
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _route_pattern(route: str) -> str:
    """``route`` as a regular expression: literal text as is (any case), every parameter one
    path segment of any shape (a mangled id must not let a token through), the token's
    segment in the group ``token``."""
    head = route.split("<str:token>", 1)[0]
    parts, position = [], 0
    for match in _CONVERTER.finditer(head):
        parts.append(re.escape(head[position : match.start()]))
        parts.append(_SEGMENT)
        position = match.end()
    parts.append(re.escape(head[position:]))
    return "".join(parts)


_TOKEN = re.compile(
    r"(?i)(?P<before>/(?:"
    + "|".join(_route_pattern(route) for route in TOKEN_ROUTES)
    + rf")){_SEGMENT}"
)
#: A query string: from a "?" right after an address (or a path) to the next space or quote.
_QUERY = re.compile(
    r"(?P<before>[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/?\"']*(?:/[^\s?\"']*)?|/[^\s?\"']*)\?[^\s\"']*"
)


def redact(text: str) -> str:
    """``text`` with every address's query string removed and every private link's token
    replaced by ``REDACTED``; anything else unchanged."""
    if not text or ("?" not in text and "/" not in text):
        return text
    text = _QUERY.sub(r"\g<before>", text)
    return _TOKEN.sub(rf"\g<before>{REDACTED}", text)


class RedactingFilter(logging.Filter):
    """A logging filter (for handlers) that passes every record with its message, traceback
    and stack redacted: a request line, a "Not Found: <path>" or an exception that quotes
    an address keep the path but not its query string or token."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a message that does not format: keep its text only, redacted
            message = str(record.msg)
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
