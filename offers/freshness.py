"""Freshness: offers whose providers have not confirmed them for a long time.

``send_review_reminders`` (run daily by ``manage.py send_review_reminders``) e-mails an offer's
contact after ``SOCIALKOMPAS_REVIEW_REMINDER_MONTHS`` (10 and 11) calendar months without a
confirmation, and at ``SOCIALKOMPAS_HIDE_AFTER_MONTHS`` (12) hides the offer from every public
page and search (it is not deleted or unpublished) and tells the offer's approvers (its
municipality's local administrators, national editors for a national offer).

Each mail carries a one-click confirmation link (signed, for this offer and purpose only, bound to
the current ``last_confirmed_at`` so it works once; its page is ``offers.confirmation_views``)
and the offer's edit link. Confirming restarts the clock without a new revision or moderation
round (``OfferPage.mark_confirmed``). Local administrators confirm from the admin report
"Tilbud der skal bekræftes" (``offers.freshness_admin``).

Stages are numbered 1..n: stage ``i`` is reached ``stage_months()[i - 1]`` months after the last
confirmation, ``review_reminders_sent`` is the last stage mailed, and the last stage hides the
offer. Each stage's mail goes out once: the stage is claimed with a conditional update in the same
transaction as the mail, so a second run (or a concurrent one) finds nothing to do, and a mail
that fails to send leaves the stage for the next run.

Translations (wagtail-localize) follow their Danish source: reminders are about source offers
only, and every change of the upkeep fields is copied to the offer's translations.
"""

import calendar
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Locale

from home import page_cache
from home.roles import approver_users

from . import tokens
from .mail import absolute_url, send_templated_mail

logger = logging.getLogger(__name__)

CONFIRM = "confirm"
EDIT = "edit"

#: Page log actions (shown in the offer's history in the admin).
LOG_CONFIRMED = "socialkompas.offer_confirmed"
LOG_HIDDEN = "socialkompas.offer_hidden_stale"


# Calendar months, without a dependency


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """``moment`` moved by ``months`` calendar months (negative: back), in local time.

    The day is kept where the target month has it, else the month's last day is used
    (31 March minus one month is 28 or 29 February). The time of day is kept in local time
    (Europe/Copenhagen), across summer time.
    """
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    years, month_index = divmod(local.month - 1 + months, 12)
    year, month = local.year + years, month_index + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


def months_ago(now: datetime.datetime, months: int) -> datetime.datetime:
    return add_months(now, -months)


def stage_months() -> list[int]:
    """Months without confirmation at which each stage is reached; the last one hides."""
    reminders = list(getattr(settings, "SOCIALKOMPAS_REVIEW_REMINDER_MONTHS", (10, 11)))
    hide = getattr(settings, "SOCIALKOMPAS_HIDE_AFTER_MONTHS", 12)
    months = [*reminders, hide]
    if any(b <= a for a, b in zip(months, months[1:], strict=False)) or months[0] < 1:
        raise ValueError(
            "SOCIALKOMPAS_REVIEW_REMINDER_MONTHS must rise and end before "
            "SOCIALKOMPAS_HIDE_AFTER_MONTHS."
        )
    return months


# Links and addresses


def scope_page(offer):
    """The subsite the offer belongs to: its municipality, or the national front page."""
    if offer.municipality_id is not None:
        return offer.municipality
    return offer.get_parent().specific


def confirm_binding(offer) -> str:
    """What a confirmation link is bound to: the last confirmation, so a link works once."""
    return offer.last_confirmed_at.astimezone(datetime.UTC).isoformat()


def _route_url(offer, route, token, request=None, scope=None):
    scope = scope or scope_page(offer)
    path = scope.reverse_subpage(route, kwargs={"offer_id": offer.pk, "token": token})
    return absolute_url(request, scope.get_url(request) + path)


def confirm_link(offer, request=None, scope=None):
    """The one-click "Oplysningerne er stadig rigtige" link for ``offer``'s contact."""
    token = tokens.make_token(offer.pk, CONFIRM, bound_to=confirm_binding(offer))
    return _route_url(offer, "confirm_offer", token, request, scope)


def edit_link(offer, request=None, scope=None):
    """The private link to update ``offer`` (the edit view lives in ``submission_views``)."""
    return _route_url(offer, "edit_offer", tokens.make_token(offer.pk, EDIT), request, scope)


def contact_emails(offer) -> list[str]:
    """Where reminders about ``offer`` go: one address, or none.

    The offer's own e-mail first (the people who run it, and the address the provider keeps up
    to date with the offer), else its organisation's (the provider's general address), else the
    person who last sent the offer in through the public form (kept only until the personal
    data retention deletes it, see ``SOCIALKOMPAS_RETENTION_DAYS``). Reminders never go to
    more than one address, so an organisation with many offers is not copied on every one
    whose own contact is known.
    """
    if offer.email:
        return [offer.email]
    if offer.organisation.email:
        return [offer.organisation.email]
    submitter = (
        offer.submissions.exclude(submitter_email="")
        .order_by("-created_at", "-pk")
        .values_list("submitter_email", flat=True)
        .first()
    )
    return [submitter] if submitter else []


def admin_edit_url(offer) -> str:
    return absolute_url(None, reverse("wagtailadmin_pages:edit", args=[offer.pk]))


def report_url() -> str:
    return absolute_url(None, reverse("socialkompas_freshness_report"))


# Changing the upkeep fields


def _same_offer_in_all_locales(offer):
    from .models import OfferPage

    return OfferPage.objects.filter(translation_key=offer.translation_key)


def _public_changed(offer):
    from .models import OfferPage
    from .models.offer import public_offers_changed

    ids = list(_same_offer_in_all_locales(offer).values_list("pk", flat=True))
    public_offers_changed.send(sender=OfferPage, ids=ids)


def confirm_offer(offer, user=None, via="link"):
    """``offer`` is still right: restart its clock, show it again, and log who said so.

    Returns whether it had been hidden. No revision, no moderation round.
    """
    was_hidden = offer.stale_since is not None
    with transaction.atomic():
        offer.mark_confirmed()
        _same_offer_in_all_locales(offer).exclude(pk=offer.pk).update(
            **{name: getattr(offer, name) for name in offer.UPKEEP_FIELDS}
        )
        if was_hidden:
            _public_changed(offer)
        log(offer, LOG_CONFIRMED, user=user, data={"via": via, "was_hidden": was_hidden})
        # "Sidst bekræftet" and a hidden offer's return: the cached pages must show it.
        page_cache.invalidate()
        transaction.on_commit(page_cache.invalidate)
    return was_hidden


# The daily run


def send_review_reminders(now=None) -> dict:
    """Send the reminders that are due and hide the offers that have waited too long.

    Safe to run any number of times a day: each stage's mail goes out once per offer. An offer
    that skipped stages (the command did not run for a while) gets only the latest one's mail.
    An offer whose contact has no e-mail address still moves on, and is hidden at the end.

    Returns counts: ``reminded`` (months -> offers mailed or moved to that reminder stage),
    ``hidden``, ``without_email`` (offers moved on without a mail), ``administrators_notified``
    (mails to approvers) and ``failed`` (offers left for the next run because a mail failed).
    """
    from .models import OfferPage

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
    from .models import OfferPage

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
    _same_offer_in_all_locales(offer).exclude(pk=offer.pk).update(**changes)
    if final:
        # A queryset update sends no signal: make the cached pages that show it stale (now,
        # and again at commit, so a page cached in between is not kept), and its words leave
        # the search lexicon.
        page_cache.invalidate()
        transaction.on_commit(page_cache.invalidate)
        _public_changed(offer)
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
            approvers_cache[key] = [
                user.email for user in approver_users(offer).only("email") if user.email
            ]
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


def stale_or_reminded(queryset):
    """Offers in ``queryset`` that are hidden as stale or have had a reminder."""
    return queryset.filter(Q(stale_since__isnull=False) | Q(review_reminders_sent__gte=1))
