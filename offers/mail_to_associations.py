"""E-mail to the association that sent an offer in: how moderation went, in Danish, with the
comment and the private link to update it.

``sender_mail`` is the one place that decides what a moderation action tells the sender: the
receiver below sends that mail, and the approver's message after the action
(``offers.moderation_views``) says in a sentence what it told them (``SenderMail.summary``).

The association's other mails: the reminders to confirm an offer (``offers.review_reminders``)
and a fresh private link (``offers.private_links``).
"""

from dataclasses import dataclass, replace
from datetime import datetime

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


@dataclass(frozen=True)
class SenderMail:
    """The mail a moderation action sends the sender(s) of an offer's open submissions."""

    action_name: str
    submissions: tuple
    comment: str
    #: When an approval publishes later (the approver chose a time): the offer is not on the
    #: site yet, and the mail and the approver's message say when it will be.
    go_live_at: datetime | None = None

    @property
    def template(self) -> str:
        return MAILS[self.action_name]

    @property
    def recipients(self) -> list[str]:
        """The addresses mailed: none when the offer was not sent in through the form (made in
        the admin) or its sender's data is erased."""
        return sorted({s.submitter_email for s in self.submissions if s.submitter_email})

    @property
    def is_update(self) -> bool:
        # An update (the offer was published before) and a new offer are told different
        # things: which version the site shows, or whether the offer is on it at all.
        return bool(self.submissions) and all(
            s.kind == Submission.Kind.UPDATE for s in self.submissions
        )

    def summary(self) -> str:
        """What the mail tells its recipients, for the approver. Without the addresses: the
        approver sees them in the editor's sender panel, and a message is kept in a cookie or
        the session until shown."""
        count = len(self.recipients)
        if not count:
            return _("Ingen afsender får besked: tilbuddet har ingen afsender med e-mail.")
        who = ngettext("Afsenderen", "De %(count)d afsendere", count) % {"count": count}
        if self.action_name == "approve":
            if self.go_live_at is not None:
                told = _("%(who)s får en e-mail om, hvornår det bliver synligt.")
            elif self.is_update:
                told = _("%(who)s får en e-mail om, at rettelsen nu er synlig.")
            else:
                told = _("%(who)s får en e-mail om, at tilbuddet nu er synligt.")
            if self.comment:
                told = f"{told} {_('Din kommentar står i e-mailen.')}"
        elif self.action_name == "reject":
            if self.comment:
                told = _("%(who)s får en e-mail med din begrundelse.")
            else:
                told = _(
                    "%(who)s får en e-mail om afvisningen, men uden begrundelse: "
                    "du skrev ingen kommentar."
                )
        elif self.comment:
            told = _("%(who)s får en e-mail med dit ønske og et link til at rette tilbuddet.")
        else:
            told = _(
                "%(who)s får en e-mail med et link til at rette tilbuddet, men uden dit ønske: "
                "du skrev ingen kommentar."
            )
        return told % {"who": who}


def sender_mail(offer, action_name, comment="") -> SenderMail | None:
    """The mail ``action_name`` on ``offer`` sends (its recipients may be none); None for an
    action that mails no sender."""
    if action_name not in MAILS:
        return None
    submissions = Submission.objects.filter(offer_id=offer.pk, closed_at__isnull=True)
    return SenderMail(action_name, tuple(submissions), (comment or "").strip())


def after_the_action(mail: SenderMail, offer) -> SenderMail:
    """The mail read before the action (its submissions are closed by it), completed with what
    only the action decides: the time an approval publishes, when it is later."""
    scheduled = offer.scheduled_revision if mail.action_name == "approve" else None
    if scheduled is None:
        return mail
    return replace(mail, go_live_at=scheduled.approved_go_live_at)


@receiver(moderated)
def notify_submitter(sender=None, *, task_state, action_name, comment="", **kwargs):
    """Mail the sender(s) of the open submissions of the offer under moderation. Approval and
    rejection close the submissions (their personal data is deleted later, see retention)."""
    offer = task_state.workflow_state.content_object.specific
    mail = sender_mail(offer, action_name, comment)
    if mail is None or not mail.submissions:
        return
    mail = after_the_action(mail, offer)
    context = {
        "offer": offer,
        "comment": mail.comment,
        "edit_url": edit_link(offer),
        "is_update": mail.is_update,
        "go_live_at": mail.go_live_at,
    }
    if action_name == "approve":
        offer.refresh_from_db()
        context["offer_url"] = absolute_url(None, offer.url)
    send_templated_mail(mail.template, context, mail.recipients)
    if action_name in ("approve", "reject"):
        Submission.objects.filter(pk__in=[s.pk for s in mail.submissions]).update(
            closed_at=timezone.now()
        )
