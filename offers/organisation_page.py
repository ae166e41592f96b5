"""An organisation's own page, "Jeres tilbud på Socialkompas" (routes below a municipality).

The mailed link (``offers.organisation_links``) opens a page listing all the organisation's
offers in the municipality with their status, where the association updates any of them (the
update form of ``offers.submission_views``, opened by the same grant), adds a new one with the
organisation's details filled in, and confirms in one step every offer that is still right
("Alt er stadig rigtigt", a checkbox per published offer, ticked to begin with).
"""

from django.conf import settings
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.models import MunicipalityPage
from home.redaction import ORGANISATION_LINK_ROUTE
from home.routes import HOOK_NAME as PAGE_ROUTES
from home.routes import MUNICIPALITY, PageRoute

from . import organisation_links, tokens
from .freshness import confirm_offer
from .mail import send_templated_mail_or_log
from .models import Organisation
from .private_links import REFUSED_TEMPLATE, new_link_page, new_links_over_limit, private
from .submission_forms import listed_organisations
from .submission_views import submit_offer

TEMPLATE = "offers/organisation_page.html"
CONFIRM_FIELD = "confirm"
#: Via what a confirmation came, in the offer's history (``freshness.confirm_offer``).
VIA = "organisation_page"

LIVE = "live"
AWAITING = "awaiting"
TO_CONFIRM = "to_confirm"
HIDDEN = "hidden"
STATUS_LABELS = {
    LIVE: _("Vises på Socialkompas"),
    AWAITING: _("Venter på godkendelse"),
    TO_CONFIRM: _("Skal bekræftes"),
    HIDDEN: _("Skjult"),
}


@hooks.register(PAGE_ROUTES)
def organisation_page_routes():
    """Below a municipality's front page: the mailed link (with the token), the page once the
    token is exchanged for a grant in the session, and the form for a new offer."""
    here = (MUNICIPALITY,)
    return [
        PageRoute(ORGANISATION_LINK_ROUTE, organisation_page, organisation_links.ROUTE, here),
        PageRoute(
            "opret-tilbud/jeres/<int:organisation_id>/",
            organisation_page,
            organisation_links.GRANTED_ROUTE,
            here,
        ),
        PageRoute(
            "opret-tilbud/nyt/<int:organisation_id>/",
            new_offer,
            organisation_links.NEW_OFFER_ROUTE,
            here,
        ),
    ]


def status_of(offer) -> str:
    if not offer.live:
        return AWAITING if offer.workflow_in_progress else HIDDEN
    if offer.stale_since is not None:
        return HIDDEN
    if offer.review_reminders_sent:
        return TO_CONFIRM
    return LIVE


def _scope_and_organisation(scope, organisation_id):
    """The municipality (Danish page) and the organisation its offers may name; else 404."""
    if not isinstance(scope, MunicipalityPage):
        raise Http404
    municipality = organisation_links.home_municipality(scope)
    organisation = Organisation.objects.visible_in(municipality).filter(pk=organisation_id).first()
    if municipality is None or organisation is None:
        raise Http404
    return municipality, organisation


def _refused(request, context, expired=False):
    status = 410 if expired else 403
    context = {**context, "expired": expired, "organisation_link": True}
    return private(TemplateResponse(request, REFUSED_TEMPLATE, context, status=status))


def organisation_page(request, scope, organisation_id, token=None):
    """GET: the list; POST: confirm the ticked offers, then back (303) to the list."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    municipality, organisation = _scope_and_organisation(scope, organisation_id)
    context = {"page": scope, "self": scope, "organisation": organisation}
    if token is not None:
        try:
            return organisation_links.exchange(request, organisation, municipality, token)
        except tokens.ExpiredLink:
            return _refused(request, context, expired=True)
        except tokens.InvalidLink:
            return _refused(request, context)
    slot = organisation_links.key(organisation.pk, municipality.pk)
    if not organisation_links.granted(request, organisation.pk, municipality.pk):
        if organisation_links.held(request, slot).get("used"):
            return _used(request, scope, organisation, municipality, context)
        return _refused(request, context)

    offers = organisation_links.offers_of(organisation, municipality)
    if request.method == "POST":
        wanted = set(request.POST.getlist(CONFIRM_FIELD))
        confirmed = [o for o in offers if o.live and str(o.pk) in wanted]
        for offer in confirmed:
            confirm_offer(offer, via=VIA)
        organisation_links.hold(request, slot, granted=True, confirmed=len(confirmed))
        response = HttpResponseRedirect(request.path)
        response.status_code = 303
        return private(response)

    confirmed = organisation_links.held(request, slot).get("confirmed")
    if confirmed is not None:  # said once, after the confirmation
        organisation_links.hold(request, slot, granted=True)
    rows = [_row(request, scope, offer) for offer in offers]
    context.update(
        rows=rows,
        confirmable=[row for row in rows if row["offer"].live],
        confirm_field=CONFIRM_FIELD,
        confirmed=confirmed,
        new_offer_url=scope.get_url(request)
        + scope.reverse_subpage(
            organisation_links.NEW_OFFER_ROUTE, kwargs={"organisation_id": organisation.pk}
        ),
    )
    return private(TemplateResponse(request, TEMPLATE, context))


def _row(request, scope, offer):
    status = status_of(offer)
    return {
        "offer": offer,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "pending_update": offer.live and offer.workflow_in_progress,
        "edit_url": scope.get_url(request)
        + scope.reverse_subpage("edit_offer_granted", kwargs={"offer_id": offer.pk}),
        "offer_url": offer.get_url(request) if offer.live and status != HIDDEN else "",
    }


def new_offer(request, scope, organisation_id):
    """The form for a new offer with the organisation's details filled in (the grant of its
    page only); it is sent and received as any new offer (``submission_views.submit_offer``)."""
    municipality, organisation = _scope_and_organisation(scope, organisation_id)
    if not organisation_links.granted(request, organisation.pk, municipality.pk):
        context = {"page": scope, "self": scope, "organisation": organisation}
        return _refused(request, context)
    initial = {
        "phone": organisation.phone,
        "email": organisation.email,
        "website": organisation.website,
        "submitter_email": organisation.email,
        **_organisation_initial(organisation, municipality),
    }
    back = scope.reverse_subpage(
        organisation_links.GRANTED_ROUTE, kwargs={"organisation_id": organisation.pk}
    )
    return private(
        submit_offer(
            request, scope, initial=initial, organisation_page_url=scope.get_url(request) + back
        )
    )


def _organisation_initial(organisation, municipality):
    if listed_organisations(municipality).filter(pk=organisation.pk).exists():
        return {"organisation": organisation.pk}
    return {
        "new_organisation_name": organisation.name,
        "new_organisation_type": organisation.provider_type_id,
        "new_organisation_cvr": organisation.cvr,
    }


def _used(request, scope, organisation, municipality, context):
    """The link's token was used past its grace period: offer (GET) and mail (POST) a fresh
    link to the organisation's address, rate limited per client and per organisation."""
    recipients = organisation_links.recipients(organisation)

    def send():
        link = organisation_links.organisation_link(organisation, municipality, request)
        send_templated_mail_or_log(
            "new_organisation_link",
            {
                "organisation": organisation,
                "scope": municipality,
                "link": link,
                "grace_minutes": settings.SOCIALKOMPAS_LINK_GRACE_MINUTES,
                "session_hours": settings.SOCIALKOMPAS_LINK_SESSION_HOURS,
            },
            recipients,
        )

    return new_link_page(
        request,
        context,
        tokens.ORGANISATION,
        recipients,
        over_limit=lambda: new_links_over_limit(
            request, "organisation", f"{organisation.pk}:{municipality.pk}"
        ),
        send=send,
    )
