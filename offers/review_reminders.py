"""The daily reminder job: mail the offers' contacts who are due, hide the offers that waited.

``send_review_reminders`` (run daily by ``manage.py send_review_reminders``) moves each source
offer on to the stage its last confirmation has reached (the date rules are
``offers.freshness``): a reminder mail to its contact (``private_links.contact_emails``) with a
one-click confirmation link and its edit link (``offers.private_links``), and at the last stage
hides the offer and tells its approvers (``offers.mail_to_approvers``).

Each stage's mail goes out once: the stage is claimed with a conditional update in the same
transaction as the mail, so a second run (or a concurrent one) finds nothing to do, and a mail
that fails to send leaves the stage for the next run.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Locale

from home import page_cache

from . import organisation_links
from .freshness import (
    LOG_HIDDEN,
    add_months,
    months_ago,
    public_offer_changed,
    same_offer_in_all_locales,
    stage_months,
)
from .mail import absolute_url, send_templated_mail
from .mail_to_approvers import approver_addresses
from .models import OfferPage
from .private_links import CONFIRM, confirm_link, contact_emails, edit_link, scope_page
from .tokens import ORGANISATION

logger = logging.getLogger(__name__)


def admin_edit_url(offer) -> str:
    return absolute_url(None, reverse("wagtailadmin_pages:edit", args=[offer.pk]))


def report_url() -> str:
    return absolute_url(None, reverse("socialkompas_freshness_report"))


def send_review_reminders(now=None) -> dict:
    """Send the reminders that are due and hide the offers that have waited too long.

    Safe to run any number of times a day: each stage's mail goes out once per offer. An offer
    that skipped stages (the command did not run for a while) gets only the latest one's mail.
    An offer whose contact has no e-mail address still moves on, and is hidden at the end.

    Returns counts: ``reminded`` (months -> offers mailed or moved to that reminder stage),
    ``hidden``, ``without_email`` (offers moved on without a mail), ``administrators_notified``
    (mails to approvers) and ``failed`` (offers left for the next run because a mail failed).
    """
    now = now or timezone.now()
    months = stage_months()
    counts = {
        "reminded": dict.fromkeys(months[:-1], 0),
        "hidden": 0,
        "without_email": 0,
        "administrators_notified": 0,
        "failed": 0,
    }
    approvers_cache = {}
    alone, grouped = _due(now, months)
    for offer, stage, recipients in alone:
        try:
            with transaction.atomic():
                mailed, notified = _advance(offer, stage, recipients, months, now, approvers_cache)
        except Exception:
            logger.exception("Review reminder for offer %s failed", offer.pk)
            counts["failed"] += 1
            continue
        if mailed is not None:  # None: another run got there first
            _count(counts, months, stage, mailed, notified)
    for (organisation, municipality), items in grouped.items():
        try:
            with transaction.atomic():
                results = _advance_group(
                    organisation, municipality, items, months, now, approvers_cache
                )
        except Exception:
            logger.exception("Review reminder for organisation %s failed", organisation.pk)
            counts["failed"] += len(items)
            continue
        for stage, mailed, notified in results:
            _count(counts, months, stage, mailed, notified)
    return counts


def _count(counts, months, stage, mailed, notified):
    if not mailed:
        counts["without_email"] += 1
    if stage == len(months):
        counts["hidden"] += 1
        counts["administrators_notified"] += notified
    else:
        counts["reminded"][months[stage - 1]] += 1


def _due(now, months):
    """The offers due now: (offer, stage, its contact addresses) of those mailed one by one,
    and (offer, stage) of those mailed together to their organisation (by organisation and
    municipality; ``goes_to_organisation``)."""
    base = (
        OfferPage.objects.live()
        .filter(stale_since__isnull=True, locale=Locale.get_default())
        .select_related("organisation", "municipality")
        .order_by("path")
    )
    alone, grouped, seen = [], {}, set()
    # The latest stage first: an offer due for it is then past the earlier ones' queries.
    for stage in range(len(months), 0, -1):
        cutoff = months_ago(now, months[stage - 1])
        for offer in base.filter(last_confirmed_at__lte=cutoff, review_reminders_sent__lt=stage):
            if offer.pk in seen:
                continue
            seen.add(offer.pk)
            recipients = contact_emails(offer)
            if goes_to_organisation(offer, recipients):
                grouped.setdefault((offer.organisation, offer.municipality), []).append(
                    (offer, stage)
                )
            else:
                alone.append((offer, stage, recipients))
    return alone, grouped


def goes_to_organisation(offer, recipients) -> bool:
    """Whether ``offer``'s reminders go in its organisation's mail with the link to its page
    (``offers.organisation_links``): when its contact is the organisation's own e-mail
    address (the offer has none of its own, or the same) and it belongs to a municipality.
    Any other contact (the offer's own address, a sender's) keeps the offer's own links: the
    page would show them the organisation's other offers. ``recipients``: the offer's
    contact addresses (``private_links.contact_emails``)."""
    address = offer.organisation.email
    if not address or offer.municipality_id is None:
        return False
    return bool(recipients) and recipients[0].casefold() == address.casefold()


def _advance(offer, stage, recipients, months, now, approvers_cache):
    """Claim ``stage`` for ``offer`` and send its mails; returns (mailed, admins notified), or
    (None, 0) when the stage was already claimed. Runs inside a transaction: if a mail fails,
    the claim is undone."""
    final = stage == len(months)
    if not _claim(offer, stage, now, final):
        return None, 0
    context = _context(offer, stage, months)
    mailed = send_templated_mail("review_reminder", context, recipients) > 0
    notified = _hidden(offer, context, recipients, months, approvers_cache) if final else 0
    return mailed, notified


def _advance_group(organisation, municipality, items, months, now, approvers_cache):
    """As ``_advance``, for the offers of one organisation in one municipality: one mail to
    the organisation with the link to its page. Returns (stage, mailed, notified) for each
    offer claimed."""
    claimed = [
        (offer, stage) for offer, stage in items if _claim(offer, stage, now, stage == len(months))
    ]
    if not claimed:
        return []
    entries = [_context(offer, stage, months) for offer, stage in claimed]
    recipients = organisation_links.recipients(organisation)
    context = {
        "organisation": organisation,
        "scope": municipality,
        "entries": entries,
        "page_url": organisation_links.organisation_link(organisation, municipality),
        "link_days": settings.SOCIALKOMPAS_LINK_MAX_AGE_DAYS[ORGANISATION],
        "hide_months": months[-1],
        "scope_url": absolute_url(None, municipality.get_url()),
    }
    mailed = send_templated_mail("organisation_review_reminder", context, recipients) > 0
    results = []
    for entry in entries:
        notified = 0
        if entry["final"]:
            notified = _hidden(entry["offer"], entry, recipients, months, approvers_cache)
        results.append((entry["stage"], mailed, notified))
    return results


def _claim(offer, stage, now, final) -> bool:
    """Move ``offer`` on to ``stage`` (hide it at the last); False if another run did."""
    changes = {"review_reminders_sent": stage}
    if final:
        changes["stale_since"] = now
    # Also unchanged since it was read: an offer confirmed meanwhile is left alone.
    claimed = OfferPage.objects.filter(
        pk=offer.pk,
        review_reminders_sent__lt=stage,
        stale_since__isnull=True,
        last_confirmed_at=offer.last_confirmed_at,
    ).update(**changes)
    if not claimed:
        return False
    same_offer_in_all_locales(offer).exclude(pk=offer.pk).update(**changes)
    if final:
        # A queryset update sends no signal: make the cached pages that show it stale (now,
        # and again at commit, so a page cached in between is not kept), and its words leave
        # the search lexicon.
        page_cache.invalidate()
        transaction.on_commit(page_cache.invalidate)
        public_offer_changed(offer)
    for name, value in changes.items():
        setattr(offer, name, value)
    return True


def _context(offer, stage, months):
    """What a reminder mail says about ``offer`` at ``stage``."""
    scope = scope_page(offer)
    final = stage == len(months)
    return {
        "offer": offer,
        "scope": scope,
        "stage": stage,
        "stages": len(months),
        "final": final,
        "first": stage == 1,
        "months": months[stage - 1],
        "hide_months": months[-1],
        "hide_on": add_months(offer.last_confirmed_at, months[-1]),
        "confirm_url": confirm_link(offer, scope=scope),
        "edit_url": edit_link(offer, scope=scope),
        "offer_url": absolute_url(None, offer.get_url()) if not final else "",
        "scope_url": absolute_url(None, scope.get_url()),
        "confirm_days": settings.SOCIALKOMPAS_LINK_MAX_AGE_DAYS[CONFIRM],
    }


def _hidden(offer, context, recipients, months, approvers_cache) -> int:
    """Log that ``offer`` is hidden and tell its approvers; returns how many were told."""
    log(offer, LOG_HIDDEN, data={"months": months[-1]})
    key = offer.municipality_id
    if key not in approvers_cache:
        approvers_cache[key] = approver_addresses(offer)
    admin_recipients = approvers_cache[key]
    admin_context = {
        **context,
        "contact": recipients[0] if recipients else "",
        "admin_edit_url": admin_edit_url(offer),
        "report_url": report_url(),
    }
    if send_templated_mail("stale_offer_hidden", admin_context, admin_recipients):
        return len(set(admin_recipients))
    return 0
