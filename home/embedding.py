"""Embedding a municipality's Socialkompas on its own website.

A page made to be framed (``indlejr/``, served by ``search``) may be framed only by the
websites the municipality lists here (``MunicipalityPage.embed_origins``): they go into that
page's ``Content-Security-Policy: frame-ancestors``; every other page, and every other site,
is still refused (``frame-ancestors 'self'``). Each line is one origin: ``https://`` and a
host name, optionally a port, nothing else (no path, no wildcard); ``http://localhost`` and
``http://127.0.0.1`` too, for trying it out on one's own machine.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import HelpPanel

#: The route name of the page to frame (registered by search under every municipality).
EMBED_ROUTE_NAME = "embed"
#: At most this many websites per municipality.
MAX_EMBED_ORIGINS = 10
_HOST = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
_PORT = r"(?::\d{1,5})?"
#: https and a host name; plain http only for this machine (trying it out in development).
ORIGIN = re.compile(rf"(?:https://{_HOST}|http://(?:localhost|127\.0\.0\.1)){_PORT}")

EMBED_ORIGINS_HELP = gettext_lazy(
    "De hjemmesider, der må vise Socialkompas indlejret (fx kommunens egen), én pr. linje: "
    "https:// og domænet, fx https://www.kolding.dk. Alle andre sider må ikke."
)


def embed_origins(text):
    """The origins of the field's text, as written (lower case), in order, without repeats."""
    lines = [line.strip().lower().rstrip("/") for line in (text or "").splitlines()]
    return list(dict.fromkeys(line for line in lines if line))


def validate_embed_origins(text):
    origins = embed_origins(text)
    bad = [origin for origin in origins if not ORIGIN.fullmatch(origin)]
    if bad:
        raise ValidationError(
            _(
                "Skriv hver hjemmeside som https:// og domænet, uden sti, fx "
                "https://www.kolding.dk. Ret: %(origins)s"
            )
            % {"origins": ", ".join(bad)}
        )
    if len(origins) > MAX_EMBED_ORIGINS:
        raise ValidationError(_("Højst %(limit)s hjemmesider.") % {"limit": MAX_EMBED_ORIGINS})


class EmbedSnippetPanel(HelpPanel):
    """The HTML a local administrator copies into the municipality's own website."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "home/admin/embed_snippet_panel.html")
        kwargs.setdefault("heading", gettext_lazy("Indlejring på kommunens hjemmeside"))
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            url = None
            if page.pk and page.live:
                try:
                    url = page.full_url + page.reverse_subpage(EMBED_ROUTE_NAME)
                except Exception:  # noqa: BLE001 - no embed route registered, or no site
                    url = None
            context.update(embed_url=url, title=page.title)
            return context
