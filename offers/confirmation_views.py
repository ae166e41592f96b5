"""The one-click confirmation page of the reminder mails (route ``confirm_offer`` of the
municipalities and the national front page; the reminders are ``offers.review_reminders``)."""

from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse

from home.models import MunicipalityPage

from . import private_links, tokens
from .freshness import confirm_offer
from .models import OfferPage
from .private_links import CONFIRM, confirm_binding

TEMPLATE = "offers/confirm_offer.html"


def _offer_in_scope(scope, offer_id):
    offer = (
        OfferPage.objects.live()
        .filter(pk=offer_id)
        .select_related("organisation", "municipality")
        .first()
    )
    if offer is None:
        raise Http404
    if isinstance(scope, MunicipalityPage):
        belongs = offer.municipality_id == scope.pk
    else:
        belongs = offer.municipality_id is None and offer.path.startswith(scope.path)
    if not belongs:
        raise Http404
    return offer


def confirm_offer_view(request, scope, offer_id, token=None):
    """The mailed link (with ``token``) is exchanged for a grant in the session and the browser
    sent on (303) to the address without the token (``private_links``). There, a GET shows
    what is being confirmed and a button; only the POST confirms (mail scanners and link
    previews follow links, so a GET changes nothing) and redirects (303) to the same address,
    which then thanks.

    Refused links get a page saying what to do: 403 for a link that is not ours, was changed,
    is for another offer or purpose, or was already used (the offer's confirmation time moved
    on); 410 (Gone) for one that is too old. The page tells whether the offer is confirmed
    already, so whoever clicks an old reminder after confirming knows there is nothing to do.
    An offer outside ``scope`` (or not published) is 404.
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    offer = _offer_in_scope(scope, offer_id)
    context = {
        "page": scope,
        "self": scope,
        "offer": offer,
        "scope": scope,
        "already_confirmed": offer.review_reminders_sent == 0 and offer.stale_since is None,
    }
    binding = confirm_binding(offer)
    if token is not None:
        try:
            return private_links.exchange(request, offer, CONFIRM, token, bound_to=binding)
        except tokens.ExpiredLink:
            return _page(request, {**context, "state": "expired"}, 410)
        except tokens.InvalidLink:
            return _page(request, {**context, "state": "invalid"}, 403)

    held = private_links.entry(request, offer, CONFIRM)
    if held.get("done"):
        context.update(state="done", was_hidden=held.get("was_hidden"))
        return _page(request, {**context, "offer_url": offer.get_url(request)}, 200)
    if not private_links.granted(request, offer, CONFIRM, bound_to=binding):
        if "bound_to" in held:  # granted, but confirmed meanwhile (e.g. by an administrator)
            return _page(request, {**context, "state": "invalid"}, 403)
        return private_links.without_grant(request, scope, offer, CONFIRM, context)
    if request.method == "POST":
        was_hidden = confirm_offer(offer, via="link")
        private_links.remember(request, offer, CONFIRM, done=True, was_hidden=was_hidden)
        response = HttpResponseRedirect(request.path)
        response.status_code = 303
        return private_links.private(response)
    return _page(request, {**context, "state": "ask"}, 200)


def _page(request, context, status):
    return private_links.private(TemplateResponse(request, TEMPLATE, context, status=status))
