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
    base = (
        OfferPage.objects.live()
        .filter(stale_since__isnull=True, locale=Locale.get_default())
        .select_related("organisation", "municipality")
        .order_by("path")
    )
    # The latest stage first: an offer due for it is then past the earlier ones' queries.
    for stage in range(len(months), 0, -1):
        cutoff = months_ago(now, months[stage - 1])
        due = base.filter(last_confirmed_at__lte=cutoff, review_reminders_sent__lt=stage)
        for offer in due:
            final = stage == len(months)
            try:
                with transaction.atomic():
                    mailed, notified = _advance(offer, stage, months, now, final, approvers_cache)
            except Exception:
                logger.exception("Review reminder for offer %s failed", offer.pk)
                counts["failed"] += 1
                continue
            if mailed is None:
                continue  # another run got there first
            if not mailed:
                counts["without_email"] += 1
            if final:
                counts["hidden"] += 1
                counts["administrators_notified"] += notified
            else:
                counts["reminded"][months[stage - 1]] += 1
    return counts


def _advance(offer, stage, months, now, final, approvers_cache):
    """Claim ``stage`` for ``offer`` and send its mails; returns (mailed, admins notified), or
    (None, 0) when the stage was already claimed. Runs inside a transaction: if a mail fails,
    the claim is undone."""
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
        return None, 0
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

    scope = scope_page(offer)
    recipients = contact_emails(offer)
    context = {
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
    mailed = send_templated_mail("review_reminder", context, recipients) > 0

    notified = 0
    if final:
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
            notified = len(set(admin_recipients))
    return mailed, notified
