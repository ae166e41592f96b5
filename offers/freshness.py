"""Freshness: when an offer is due for a reminder or hidden, and confirming it.

An offer's contact is reminded ``SOCIALKOMPAS_REVIEW_REMINDER_MONTHS`` (10 and 11) calendar
months after its last confirmation, and at ``SOCIALKOMPAS_HIDE_AFTER_MONTHS`` (12) the offer is
hidden from every public page and search (it is not deleted or unpublished) and its approvers
(its municipality's local administrators, national editors for a national offer) are told.
The daily job doing that is ``offers.review_reminders``; its mails carry the private links of
``offers.private_links``, whose confirmation page is ``offers.confirmation_views``. Local
administrators confirm from the admin report "Tilbud der skal bekræftes"
(``offers.freshness_admin``).

Stages are numbered 1..n: stage ``i`` is reached ``stage_months()[i - 1]`` months after the last
confirmation, ``review_reminders_sent`` is the last stage mailed, and the last stage hides the
offer. Confirming restarts the clock without a new revision or moderation round
(``OfferPage.mark_confirmed``).

Translations (wagtail-localize) follow their Danish source: reminders are about source offers
only, and every change of the upkeep fields is copied to the offer's translations.
"""

import calendar
import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log

from home import page_cache

from .models import OfferPage
from .models.offer import public_offers_changed

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


def stale_or_reminded(queryset):
    """Offers in ``queryset`` that are hidden as stale or have had a reminder."""
    return queryset.filter(Q(stale_since__isnull=False) | Q(review_reminders_sent__gte=1))


# Changing the upkeep fields


def same_offer_in_all_locales(offer):
    """``offer`` and its translations (the upkeep fields are the same on all of them)."""
    return OfferPage.objects.filter(translation_key=offer.translation_key)


def public_offer_changed(offer):
    """Tell the search lexicon that ``offer`` (in every language) was hidden or shown again:
    a queryset update sends no signal of its own."""
    ids = list(same_offer_in_all_locales(offer).values_list("pk", flat=True))
    public_offers_changed.send(sender=OfferPage, ids=ids)


def confirm_offer(offer, user=None, via="link"):
    """``offer`` is still right: restart its clock, show it again, and log who said so.

    Returns whether it had been hidden. No revision, no moderation round.
    """
    was_hidden = offer.stale_since is not None
    with transaction.atomic():
        offer.mark_confirmed()
        same_offer_in_all_locales(offer).exclude(pk=offer.pk).update(
            **{name: getattr(offer, name) for name in offer.UPKEEP_FIELDS}
        )
        if was_hidden:
            public_offer_changed(offer)
        log(offer, LOG_CONFIRMED, user=user, data={"via": via, "was_hidden": was_hidden})
        # "Sidst bekræftet" and a hidden offer's return: the cached pages must show it.
        page_cache.invalidate()
        transaction.on_commit(page_cache.invalidate)
    return was_hidden
