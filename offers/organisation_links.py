"""The private link to an organisation's page ("Jeres tilbud på Socialkompas").

One link per organisation and municipality (``opret-tilbud/jeres/<organisation id>/<token>/``
below the municipality's front page) opens the page of all the organisation's offers in that
municipality (``offers.organisation_page``). It is as safe as an offer's own links
(``offers.private_links``): the token is signed for this one purpose, names the organisation
and the municipality (a link of one organisation opens nothing of another, nor of the same
organisation in another municipality), expires (``SOCIALKOMPAS_LINK_MAX_AGE_DAYS``), is
exchanged for a grant in the session and the browser sent on to the address without it, and
opens the page again only for ``SOCIALKOMPAS_LINK_GRACE_MINUTES`` after its first use. It is
mailed only to the organisation's own e-mail address (``recipients``).

The grant also opens the update form of each offer listed there (``grants_offer``) and the form
for a new offer with the organisation's details filled in.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import timezone
from wagtail.models import Locale

from home.roles import municipality_for_page

from . import tokens
from .mail import absolute_url
from .models import OfferPage
from .private_links import first_use, held, hold, private, without_token

ROUTE = "organisation_page"
GRANTED_ROUTE = "organisation_page_granted"
NEW_OFFER_ROUTE = "organisation_new_offer"


def home_municipality(scope):
    """The municipality (its Danish page) the page below ``scope`` is about, or None."""
    return municipality_for_page(scope)


def key(organisation_id, municipality_id) -> str:
    return f"{tokens.ORGANISATION}:{organisation_id}:{municipality_id}"


def recipients(organisation) -> list[str]:
    """Where the link goes: the organisation's own e-mail address, or nowhere."""
    return [organisation.email] if organisation.email else []


def organisation_link(organisation, municipality, request=None):
    """The mailed link (with its token) to ``organisation``'s page in ``municipality``."""
    token = tokens.make_organisation_token(organisation.pk, municipality.pk)
    path = municipality.reverse_subpage(
        ROUTE, kwargs={"organisation_id": organisation.pk, "token": token}
    )
    return absolute_url(request, municipality.get_url(request) + path)


def granted(request, organisation_id, municipality_id) -> bool:
    return held(request, key(organisation_id, municipality_id)).get("granted") is True


def grants_offer(request, offer) -> bool:
    """Whether this session holds the page of ``offer``'s organisation in its municipality
    (then the offer's update form opens too)."""
    if offer.municipality_id is None:
        return False
    municipality = offer.municipality
    source = municipality_for_page(municipality) if municipality else None
    return source is not None and granted(request, offer.organisation_id, source.pk)


def exchange(request, organisation, municipality, token):
    """As ``private_links.exchange``, for the organisation's page: check the token (raises
    ``tokens.InvalidLink`` or ``tokens.ExpiredLink``), grant the session or mark the token as
    used, and redirect (303) to the address without it."""
    tokens.check_organisation_token(token, organisation.pk, municipality.pk)
    target = without_token(request, token)
    if target is None:
        raise tokens.InvalidLink
    if request.method != "HEAD" and not granted(request, organisation.pk, municipality.pk):
        grace = settings.SOCIALKOMPAS_LINK_GRACE_MINUTES * 60
        age = (timezone.now() - first_use(None, token)).total_seconds()
        slot = key(organisation.pk, municipality.pk)
        if age <= grace:
            hold(request, slot, granted=True)
        else:
            hold(request, slot, used=True)
    response = HttpResponseRedirect(target)
    response.status_code = 303
    return private(response)


def offers_of(organisation, municipality):
    """The organisation's offers in ``municipality`` its page lists: the published ones (also
    when hidden for want of confirmation or unpublished since), and those awaiting approval.
    A draft that was rejected before it was ever published is not listed."""
    offers = OfferPage.objects.filter(
        organisation=organisation, municipality=municipality, locale=Locale.get_default()
    ).order_by("title", "pk")
    return [
        offer
        for offer in offers.select_related("organisation", "municipality")
        if offer.live or offer.first_published_at or offer.workflow_in_progress
    ]


def page_url(scope, offer):
    """The address (without a token) of ``offer``'s organisation page below ``scope``."""
    path = scope.reverse_subpage(GRANTED_ROUTE, kwargs={"organisation_id": offer.organisation_id})
    return scope.url + path
