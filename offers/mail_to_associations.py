"""E-mail to the association that sent an offer in: how moderation went, in Danish, with the
comment and the private link to update it.

The association's other mails: the reminders to confirm an offer (``offers.review_reminders``)
and a fresh private link (``offers.private_links``).
"""

from django.dispatch import receiver
from django.utils import timezone

from .mail import absolute_url, send_templated_mail
from .models import Submission
from .models.moderation import moderated
from .private_links import edit_link

#: The moderation action and the mail it sends to the sender.
MAILS = {
    "approve": "submission_approved",
    "request_changes": "submission_changes_requested",
    "reject": "submission_rejected",
}


@receiver(moderated)
def notify_submitter(sender=None, *, task_state, action_name, comment="", **kwargs):
    """Mail the sender(s) of the open submissions of the offer under moderation. Approval and
    rejection close the submissions (their personal data is deleted later, see retention)."""
    offer = task_state.workflow_state.content_object.specific
    submissions = list(Submission.objects.filter(offer=offer, closed_at__isnull=True))
    if not submissions or action_name not in MAILS:
        return
    # An update (the offer was published before) and a new offer are told different things:
    # which version the site shows, or whether the offer is on it at all.
    is_update = all(s.kind == Submission.Kind.UPDATE for s in submissions)
    context = {
        "offer": offer,
        "comment": comment,
        "edit_url": edit_link(offer),
        "is_update": is_update,
    }
    if action_name == "approve":
        offer.refresh_from_db()
        context["offer_url"] = absolute_url(None, offer.url)
    send_templated_mail(MAILS[action_name], context, [s.submitter_email for s in submissions])
    if action_name in ("approve", "reject"):
        Submission.objects.filter(pk__in=[s.pk for s in submissions]).update(
            closed_at=timezone.now()
        )
