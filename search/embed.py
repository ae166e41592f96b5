"""``/<kommune>/indlejr/``: the municipality's Socialkompas made to be framed on its own
website — the search box and the life situations, whose results open on the portal itself
(``target="_top"``), nothing recorded.

Only the websites the municipality lists (``home.embedding``) may frame it: they are added to
this page's ``frame-ancestors``; the page answers every other site as every page does
(``'self'`` only), and no other page of the portal may be framed by them.
"""

from csp.constants import SELF
from django.template.response import TemplateResponse

from home.embedding import embed_origins
from home.localization import source_version


def embed_page(request, municipality):
    source = source_version(municipality)
    origins = embed_origins(source.embed_origins)
    response = TemplateResponse(
        request,
        "search/embed_page.html",
        {"page": municipality, "scope": municipality, "self": municipality},
    )
    response._csp_replace = {"frame-ancestors": [SELF, *origins]}
    # The Content-Security-Policy decides who may frame it; X-Frame-Options would refuse all.
    response.xframe_options_exempt = True
    response["Cache-Control"] = "public, max-age=300"
    return response
