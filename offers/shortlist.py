"""Min liste: a shortlist of offers that professionals put together with a citizen and hand over
as a link or a printed page.

Nothing is stored on the server: the list is the address itself, ``min-liste/?tilbud=<id>&...``
(the browser may remember the last one in localStorage, see static/js/shortlist.js). The browser
keeps one list for the whole site, so every subsite's list page shows every public offer on it,
from any municipality, as the header's "Min liste (n)" counts them. Ids that are not numbers or
not public offers are silently dropped.
"""

from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from home.qr import qr_svg

from .models import OfferPage

#: The longest list shown; the rest of the ids are ignored.
MAX_OFFERS = 30
PARAM = "tilbud"


def requested_ids(querydict):
    """The ids in the address, in their order, without repeats and at most MAX_OFFERS."""
    ids = []
    for value in querydict.getlist(PARAM):
        value = value.strip()
        if value.isascii() and value.isdigit() and len(value) < 19:
            pk = int(value)
            if pk not in ids:
                ids.append(pk)
        if len(ids) >= MAX_OFFERS:
            break
    return ids


def shortlist_offers(scope_page, ids):
    """The public offers among ``ids``, from any municipality, in the order given: one query.

    Each in the language of ``scope_page`` where it can be: an id of the same offer in another
    language (a list made on /kolding/ opened on /en/kolding/) stands for its live translation
    here (one more query, only then); an offer without one is shown as it is (the template
    marks its language).
    """
    if not ids:
        return []
    public = OfferPage.objects.public().select_related("organisation", "municipality")
    found = {offer.pk: offer for offer in public.filter(pk__in=ids)}
    keys = {
        offer.translation_key for offer in found.values() if offer.locale_id != scope_page.locale_id
    }
    if keys:
        translations = {
            offer.translation_key: offer
            for offer in public.filter(locale_id=scope_page.locale_id, translation_key__in=keys)
        }
        for pk, offer in list(found.items()):
            if offer.locale_id != scope_page.locale_id:
                found[pk] = translations.get(offer.translation_key, offer)
    offers, seen = [], set()
    for pk in ids:
        offer = found.get(pk)
        if offer is not None and offer.pk not in seen:
            seen.add(offer.pk)
            offers.append(offer)
    return offers


def list_query(ids):
    return "?" + urlencode([(PARAM, pk) for pk in ids]) if ids else ""


def shortlist_page(request, scope_page):
    """``min-liste/`` of the national front page or of a municipality."""
    offers = shortlist_offers(scope_page, requested_ids(request.GET))
    ids = [offer.pk for offer in offers]
    list_path = scope_page.get_url(request) + scope_page.reverse_subpage("shortlist")
    share_url = request.build_absolute_uri(list_path + list_query(ids))
    items = []
    for offer in offers:
        url = request.build_absolute_uri(offer.get_url(request))
        items.append(
            {
                "offer": offer,
                "absolute_url": url,
                "qr": qr_svg(
                    url,
                    _("QR-kode til %(title)s") % {"title": offer.title},
                    css_class="qr qr--offer",
                ),
                "remove_url": list_path + list_query([pk for pk in ids if pk != offer.pk]),
            }
        )
    response = TemplateResponse(
        request,
        "offers/shortlist_page.html",
        {
            "page": scope_page,
            "self": scope_page,
            "items": items,
            "ids": ids,
            "list_path": list_path,
            "share_url": share_url,
            "share_qr": qr_svg(share_url, _("QR-kode til listen"), css_class="qr qr--list")
            if items
            else "",
            "requested": PARAM in request.GET,
            "max_offers": MAX_OFFERS,
        },
    )
    # A list made for one person is no content for search engines.
    response["X-Robots-Tag"] = "noindex"
    return response
