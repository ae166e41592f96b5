"""Associations add and update offers through public forms, without an account.

A new offer becomes a draft under the municipality with a revision in the municipality's
approval workflow. The sender gets a receipt with a private link to update the offer later;
an update through that link is a new revision in moderation, and the live version stays
until it is approved.
"""

import difflib

from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from home.models import MunicipalityPage
from home.slugs import free_child_slug

from . import organisation_links, private_links
from .antispam import HONEYPOT_FIELD, client_is_over_limit
from .mail import send_templated_mail_or_log
from .models import OfferPage, Submission
from .private_links import EDIT, edit_link
from .receipts import receipt_of, receipt_query
from .submission_forms import CONDITION_FIELDS, OfferSubmissionForm
from .submission_schedules import schedule_rows_needed
from .tokens import ExpiredLink, InvalidLink

FORM_TEMPLATE = "offers/submission_form.html"
SIMILAR_TITLE = 0.8


def submit_offer(request, scope_page, initial=None, organisation_page_url=""):
    """``/<municipality>/opret-tilbud/``: the form, and the receipt after sending. An
    organisation's page (``offers.organisation_page``) serves it with the organisation's
    details as ``initial`` and a link back to it."""
    if not isinstance(scope_page, MunicipalityPage):
        raise Http404(_("Tilbud oprettes på kommunens side."))
    context = {
        "page": scope_page,
        "self": scope_page,
        "mode": "new",
        "organisation_page_url": organisation_page_url,
    }
    if request.method != "POST":
        if request.GET.get("sendt"):
            return _receipt_page(request, context)
        form = OfferSubmissionForm(initial=initial, municipality=scope_page)
        return _render(request, FORM_TEMPLATE, {**context, "form": form})

    form, refused = _checked_form(request, context, municipality=scope_page)
    if refused:
        return refused

    organisation = form.organisation_or_new()
    similar = _similar_offers(scope_page, organisation, form.cleaned_data["title"])
    if similar and not form.cleaned_data["confirm_duplicate"]:
        context["similar_offers"] = similar
        return TemplateResponse(request, FORM_TEMPLATE, context)

    # The offer and who sent it, all or nothing: a worker stopped between them must not leave
    # an offer in the queue that nobody can be told about (bench/faults/stop_mid_request.py).
    with transaction.atomic():
        offer = _create_offer(scope_page, form, organisation)
        submission = _record(form, offer, Submission.Kind.NEW)
    _send_receipt(request, scope_page, offer, submission)
    return redirect(request.path + receipt_query(offer.title, submission.submitter_email))


def edit_offer(request, scope_page, offer_id, token=None):
    """The private link: update an offer; the change waits for approval.

    With the token (as mailed) the link is exchanged for a grant in the session and the
    browser sent on to the address without it (``private_links``); the form is there."""
    offer = _offer_in_scope(scope_page, offer_id)
    context = {"page": scope_page, "self": scope_page, "mode": "edit", "offer": offer}
    from_organisation_page = organisation_links.grants_offer(request, offer)
    if from_organisation_page:
        context["organisation_page_url"] = organisation_links.page_url(scope_page, offer)
    if token is not None:
        try:
            return private_links.exchange(request, offer, EDIT, token)
        except ExpiredLink:
            return TemplateResponse(
                request, "offers/link_refused.html", {**context, "expired": True}, status=410
            )
        except InvalidLink:
            return TemplateResponse(request, "offers/link_refused.html", context, status=403)
    if not (from_organisation_page or private_links.granted(request, offer, EDIT)):
        return private_links.without_grant(request, scope_page, offer, EDIT, context)

    draft = offer.get_latest_revision_as_object()
    # As many rows of recurring times as the offer has: an update replaces them all.
    rows = schedule_rows_needed(draft)
    options = {"municipality": offer.municipality, "schedule_row_count": rows}
    if request.method != "POST":
        if request.GET.get("sendt"):
            return _receipt_page(request, context)
        initial = {**OfferSubmissionForm.initial_from(draft), **_sender_initial(offer)}
        form = OfferSubmissionForm(initial=initial, **options)
        return _render(request, FORM_TEMPLATE, {**context, "form": form})

    form, refused = _checked_form(request, context, **options)
    if refused:
        return refused

    with transaction.atomic():
        organisation = _saved(form.organisation_or_new())
        form.apply_to(draft, organisation)
        draft.save_revision()
        _restart_moderation(offer)
        submission = _record(form, offer, Submission.Kind.UPDATE)
    _send_receipt(request, scope_page, offer, submission)
    return redirect(request.path + receipt_query(draft.title, submission.submitter_email))


def _receipt_page(request, context):
    """The page after sending: naming the offer and where the link went, when the redirect's
    signed ``kvittering`` says so (``offers.receipts``)."""
    return TemplateResponse(
        request, "offers/submission_received.html", {**context, "receipt": receipt_of(request)}
    )


def _sender_initial(offer):
    """The update form's sender and conditions, so an update needs no retyping: the last
    sender of the offer (until retention deletes them; else the offer's contact address), and
    the conditions ticked (the offer was accepted under them; unticking one still stops it)."""
    last = offer.submissions.exclude(submitter_email="").order_by("-created_at", "-pk").first()
    if last is not None:
        sender = {
            "submitter_name": last.submitter_name,
            "submitter_email": last.submitter_email,
            "submitter_phone": last.submitter_phone,
        }
    else:
        sender = {"submitter_email": next(iter(private_links.contact_emails(offer)), "")}
    return {**sender, **dict.fromkeys(CONDITION_FIELDS, True)}


def _checked_form(request, context, **options):
    """The posted form (``OfferSubmissionForm`` with ``options``) if it may be saved, else the
    answer to give instead: the honeypot filled (400), invalid (400, errors by each field) or
    too many sent from this client (429), each showing the form again with all that was typed.
    (A body over the size limit never gets here: home/request_limits.py.)"""
    form = OfferSubmissionForm(request.POST, **options)
    context["form"] = form
    if form.honeypot_filled():
        data = request.POST.copy()
        data[HONEYPOT_FIELD] = ""
        context["form"] = OfferSubmissionForm(data, **options)
        context["form_error"] = _("Formularen kunne ikke sendes. Prøv at sende den igen.")
        return None, _render(request, FORM_TEMPLATE, context, status=400)
    if not form.is_valid():
        return None, _render(request, FORM_TEMPLATE, context, status=400)
    if client_is_over_limit(request, "submit_offer"):
        context["form_error"] = _(
            "Der er sendt mange formularer fra din forbindelse på kort tid. Vent en time, og "
            "prøv igen. Det, du har skrevet, står her stadig."
        )
        return None, _render(request, FORM_TEMPLATE, context, status=429)
    return form, None


def _render(request, template, context, status=200):
    response = TemplateResponse(request, template, context, status=status)
    # The forms and their answers are no content for search engines.
    response["X-Robots-Tag"] = "noindex"
    return response


def _offer_in_scope(scope_page, offer_id):
    offer = OfferPage.objects.filter(pk=offer_id).select_related("municipality").first()
    if offer is None:
        raise Http404
    in_scope = (
        offer.municipality_id == scope_page.pk
        if isinstance(scope_page, MunicipalityPage)
        else offer.municipality_id is None
    )
    if not in_scope:
        raise Http404
    return offer


def _similar_offers(scope_page, organisation, title):
    """The organisation's offers with a title like ``title`` that anyone can open: published,
    visible, and the municipality's own or national. A draft or a hidden offer is never named,
    linked or hinted at (whoever fills in the form may not be its sender); the administrators
    see it when they moderate."""
    if organisation.pk is None:
        return []
    wanted = title.casefold()
    offers = OfferPage.objects.public().in_scope_of(scope_page).filter(organisation=organisation)
    return [
        offer
        for offer in offers.order_by("title", "pk")
        if difflib.SequenceMatcher(None, offer.title.casefold(), wanted).ratio() >= SIMILAR_TITLE
    ]


def _saved(organisation):
    if organisation.pk is None:
        organisation.full_clean()
        organisation.save()
    return organisation


@transaction.atomic
def _create_offer(municipality, form, organisation):
    # Two offers sent at the same moment would both pick the same free slug and tree position:
    # take the municipality's row lock (add_child takes it too, later) before choosing, and
    # read its child count afresh (treebeard trusts the in-memory one: with a stale 0 it
    # does not even look at the children).
    locked = Page.objects.select_for_update().only("numchild").get(pk=municipality.pk)
    municipality.numchild = locked.numchild
    offer = OfferPage(live=False, slug=free_child_slug(municipality, form.cleaned_data["title"]))
    form.apply_to(offer, _saved(organisation))
    municipality.add_child(instance=offer)
    offer.save_revision()
    offer.get_workflow().start(offer, None)
    return offer


def _restart_moderation(offer):
    """Put the newest revision in front of the approvers, whatever state moderation was in."""
    state = offer.current_workflow_state
    if state is not None:
        state.cancel(user=None)
    offer.get_workflow().start(offer, None)


def _record(form, offer, kind):
    data = form.cleaned_data
    return Submission.objects.create(
        offer=offer,
        kind=kind,
        submitter_name=data["submitter_name"],
        submitter_email=data["submitter_email"],
        submitter_phone=data.get("submitter_phone", ""),
    )


def _send_receipt(request, scope_page, offer, submission):
    """Mail the sender the receipt with the private edit link. The offer is saved by now: a
    mail server that is down is logged, and the sender still sees the receipt page."""
    send_templated_mail_or_log(
        "submission_receipt",
        {
            "submission": submission,
            "offer": offer,
            "municipality": scope_page,
            "edit_url": edit_link(offer, request),
        },
        [submission.submitter_email],
    )
