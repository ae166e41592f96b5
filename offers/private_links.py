"""Private links: the mailed token opens the door once, the browser's session keeps it open.

``confirm_link`` and ``edit_link`` make an offer's private links, and ``contact_emails`` says
the one address they are mailed to (the reminders of ``offers.review_reminders``, the
moderation mails of ``offers.mail_to_associations``, a fresh link from the page below).

An association's private links (``opret-tilbud/ret/<id>/<token>/`` to update an offer,
``opret-tilbud/bekraeft/<id>/<token>/`` to confirm it; signed by ``offers.tokens``) travel by
e-mail, and an address can be seen elsewhere: a proxy's log, the browser's history, a shared
screen. So the token is never the address of a page:

- Opening the link exchanges the token for a grant in the session and redirects (303) to the
  same address without the token (``opret-tilbud/ret/<id>/``): the token is not kept in the
  browser's history and never sent on as a Referer. The grant lasts
  ``SOCIALKOMPAS_LINK_SESSION_HOURS``; the session cookie is set only here (citizen pages
  elsewhere set none) and, for a visitor without an account, expires with the grant.
- The token's first use is recorded (``PrivateLinkUse``, its hash only). For
  ``SOCIALKOMPAS_LINK_GRACE_MINUTES`` after it the token opens the page again (another device,
  a closed browser); after that it opens a page with a button that mails a fresh link to the
  offer's contact address (``contact_emails``, shown only in part), rate limited per
  client and per offer. The mailed link stays useful to its owner, and a copy of it is useless
  soon after its owner used it.
- The address without the token answers only to a session with a grant (else 403).

Expiry and purpose stay with the token (``offers.tokens``); a HEAD (link checkers) records
nothing and grants nothing.
"""

import datetime
import hashlib

from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django_ratelimit.core import is_ratelimited

from . import tokens
from .antispam import client_is_over_limit
from .mail import absolute_url, send_templated_mail_or_log
from .models import PrivateLinkUse

#: The purposes of a private link (``offers.tokens``).
CONFIRM = "confirm"
EDIT = "edit"

SESSION_KEY = "socialkompas_private_links"
#: The button on the "link already used" page.
NEW_LINK_FIELD = "send_new_link"
USED_TEMPLATE = "offers/link_used.html"
REFUSED_TEMPLATE = "offers/link_refused.html"


# Making the links


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
    """Where reminders and private links about ``offer`` go: one address, or none.

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


# Opening them: token for a grant in the session


def _key(offer, purpose):
    return f"{purpose}:{offer.pk}"


def _now():
    return timezone.now().timestamp()


def _entries(request):
    """The session's unexpired entries (a copy)."""
    now = _now()
    return {
        key: entry
        for key, entry in request.session.get(SESSION_KEY, {}).items()
        if entry.get("until", 0) > now
    }


def entry(request, offer, purpose) -> dict:
    """What this session holds for ``offer`` and ``purpose``: a grant (``bound_to``), the mark of
    a used token (``used``), or what the page did (e.g. ``done``); ``{}`` for nothing."""
    return held(request, _key(offer, purpose))


def remember(request, offer, purpose, **data):
    """Store ``data`` for ``offer`` and ``purpose`` in the session until the grant would end."""
    hold(request, _key(offer, purpose), **data)


def held(request, key) -> dict:
    """What this session holds under ``key`` (``entry``; an organisation's page has a key of
    its own, ``offers.organisation_links``)."""
    if SESSION_KEY not in request.session:
        return {}
    return _entries(request).get(key, {})


def hold(request, key, **data):
    """Store ``data`` under ``key`` in the session until the grant would end (``remember``)."""
    seconds = settings.SOCIALKOMPAS_LINK_SESSION_HOURS * 3600
    entries = _entries(request)
    entries[key] = {**data, "until": _now() + seconds}
    request.session[SESSION_KEY] = entries
    if not request.user.is_authenticated:
        # Staff's sessions keep their own lifetime; a visitor's ends with the grant.
        request.session.set_expiry(seconds)


def granted(request, offer, purpose, bound_to="") -> bool:
    """Whether this session may use the page of ``offer`` for ``purpose``."""
    held = entry(request, offer, purpose)
    return "bound_to" in held and held["bound_to"] == bound_to


def first_use(offer, token) -> datetime.datetime:
    """When ``token`` was first opened: now, if this is the first time. Recording a new one
    forgets those whose tokens have expired by now (they open nothing any more). ``offer`` is
    None for an organisation's page link."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    use, created = PrivateLinkUse.objects.get_or_create(digest=digest, defaults={"offer": offer})
    if created:
        days = max(settings.SOCIALKOMPAS_LINK_MAX_AGE_DAYS.values())
        cutoff = use.first_used_at - datetime.timedelta(days=days)
        PrivateLinkUse.objects.filter(first_used_at__lt=cutoff).delete()
    return use.first_used_at


def without_token(request, token):
    """The address of this request without its last segment, the token."""
    return request.path[: -(len(token) + 1)] if request.path.endswith(f"/{token}/") else None


def exchange(request, offer, purpose, token, bound_to=""):
    """The answer to a request for a private link with its token: check the token (raises
    ``tokens.InvalidLink`` or ``tokens.ExpiredLink``), grant the session access or, after the
    grace period, mark the token as used; then redirect (303) to the address without it."""
    tokens.check_token(token, offer.pk, purpose, bound_to=bound_to)
    target = without_token(request, token)
    if target is None:  # not the route's shape (cannot happen through the routes)
        raise tokens.InvalidLink
    if request.method != "HEAD" and not granted(request, offer, purpose, bound_to):
        grace = datetime.timedelta(minutes=settings.SOCIALKOMPAS_LINK_GRACE_MINUTES)
        if timezone.now() - first_use(offer, token) <= grace:
            remember(request, offer, purpose, bound_to=bound_to)
        else:
            remember(request, offer, purpose, used=True)
    response = HttpResponseRedirect(target)
    response.status_code = 303  # See Other: whatever the method, the browser GETs the target
    return private(response)


def private(response):
    """Headers of every answer about a private link: stored nowhere, indexed by no one."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def mask_address(address: str) -> str:
    """``birthe@example.org`` as ``b•••@e•••.org``: enough to recognise, not to use."""
    local, _, domain = address.partition("@")
    name, dot, top = domain.rpartition(".")
    if not dot:
        name, top = domain, ""
    return f"{local[:1]}•••@{name[:1]}•••{dot}{top}"


def without_grant(request, scope, offer, purpose, context):
    """The address without a token, asked by a session without a grant: after a used token,
    the page that offers (GET) and mails (POST) a fresh link; else 403."""
    if not entry(request, offer, purpose).get("used"):
        return private(TemplateResponse(request, REFUSED_TEMPLATE, context, status=403))
    recipients = contact_emails(offer)
    return new_link_page(
        request,
        context,
        purpose,
        recipients,
        over_limit=lambda: new_links_over_limit(request, "offer", offer.pk),
        send=lambda: _send_new_link(request, scope, offer, purpose, recipients),
    )


def new_link_page(request, context, purpose, recipients, over_limit, send):
    """The page after a used token (an offer's or an organisation's link): it offers (GET)
    and mails (POST, ``send()``) a fresh link to the first of ``recipients``, masked, unless
    ``over_limit()`` says the budget is spent (429)."""
    context = {
        **context,
        "purpose": purpose,
        "state": "ask" if recipients else "no_address",
        "masked_address": mask_address(recipients[0]) if recipients else "",
        "grace_minutes": settings.SOCIALKOMPAS_LINK_GRACE_MINUTES,
        "new_link_field": NEW_LINK_FIELD,
    }
    status = 200
    if request.method == "POST" and NEW_LINK_FIELD in request.POST and recipients:
        if over_limit():
            context["state"], status = "too_many", 429
        else:
            send()
            context["state"] = "sent"
    return private(TemplateResponse(request, USED_TEMPLATE, context, status=status))


def new_links_over_limit(request, kind, key) -> bool:
    """Counts this request per client and per link holder (``kind``: "offer" or
    "organisation", ``key`` its id); True when either budget is spent."""
    per_client = client_is_over_limit(request, "new_link")
    per_holder = is_ratelimited(
        request,
        group=f"socialkompas:new_link_{kind}",
        key=lambda group, request: str(key),
        rate=settings.SOCIALKOMPAS_FORM_RATE_LIMITS["new_link"],
        method="POST",
        increment=True,
    )
    return per_client or per_holder


def _send_new_link(request, scope, offer, purpose, recipients):
    make_link = {CONFIRM: confirm_link, EDIT: edit_link}[purpose]
    send_templated_mail_or_log(
        "new_private_link",
        {
            "offer": offer,
            "scope": scope,
            "purpose": purpose,
            "link": make_link(offer, request, scope=scope),
            "grace_minutes": settings.SOCIALKOMPAS_LINK_GRACE_MINUTES,
            "session_hours": settings.SOCIALKOMPAS_LINK_SESSION_HOURS,
        },
        recipients,
    )
