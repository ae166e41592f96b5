"""Helpers for driving the real Wagtail admin views in tests."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data


def offer_form_data(offer, **changes):
    """The edit form of an offer as the browser would post it, with ``changes`` applied."""
    data = {
        "title": offer.title,
        "slug": offer.slug,
        "summary": offer.summary,
        "description": offer.description,
        "organisation": offer.organisation_id,
        "life_situations": [s.pk for s in offer.life_situations.all()],
        "target_groups": [g.pk for g in offer.target_groups.all()],
        "offer_kinds": [k.pk for k in offer.offer_kinds.all()],
        "languages": [lang.pk for lang in offer.languages.all()],
        "keywords": offer.keywords,
        "age_min": offer.age_min or "",
        "age_max": offer.age_max or "",
        "schedule": offer.schedule,
        "address": offer.address,
        "postcode": offer.postcode,
        "city": offer.city,
        "latitude": offer.latitude or "",
        "longitude": offer.longitude or "",
        "accessible": offer.accessible,
        "price": offer.price,
        "price_note": offer.price_note,
        "phone": offer.phone,
        "email": offer.email,
        "website": offer.website,
        "last_confirmed_at": offer.last_confirmed_at.strftime("%Y-%m-%d %H:%M"),
    }
    for flag in ("is_physical", "is_online", "is_phone", "registration_required", "anonymous"):
        if getattr(offer, flag):
            data[flag] = "on"
    data.update(changes)
    for flag in ("is_physical", "is_online", "is_phone", "registration_required", "anonymous"):
        if data.get(flag) is False:
            del data[flag]
    # Lists are multiple values of one field here, so only the formsets go through
    # nested_form_data (which would number list items as separate fields).
    formsets = {"comments": inline_formset([]), "schedules": inline_formset([])}
    return {**data, **nested_form_data(formsets)}


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def workflow_action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
