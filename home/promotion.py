"""Printable promotion material of a municipality: an A4 poster and an A6 postcard, each with a
QR code to the municipality's subsite. Plain HTML with print CSS (@page size); print it from the
browser ("Gem som PDF" works too)."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .qr import qr_svg

TEMPLATES = {
    "poster": "home/promotion_poster.html",
    "postcard": "home/promotion_postcard.html",
}


def promotion_page(request, municipality, kind):
    url = request.build_absolute_uri(municipality.get_url(request))
    display_url = url.split("://", 1)[-1].rstrip("/")
    context = {
        "page": municipality,
        "self": municipality,
        "kind": kind,
        "site_url": url,
        "display_url": display_url,
        "qr": qr_svg(
            url,
            _("QR-kode til Socialkompas %(name)s") % {"name": municipality.title},
            css_class="qr qr--promotion",
        ),
    }
    response = TemplateResponse(request, TEMPLATES[kind], context)
    response["X-Robots-Tag"] = "noindex"
    return response
