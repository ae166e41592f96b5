"""E-mail to an offer's approvers: its municipality's local administrators (national editors
for national pages, ``home.roles.approver_users``) and nobody else.

``approver_addresses`` is where every mail to them goes: a page awaiting their approval (below;
Wagtail's own notifier handles its group approval task only, this one the municipal approval
task), a citizen's error report (``offers.error_reports``) and an offer hidden for want of
confirmation (``offers.review_reminders``).
"""

from django.db import transaction
from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier
from wagtail.models import TaskState
from wagtail.signals import task_submitted

from home.roles import approver_users

from .models import MunicipalityApprovalTask


def approver_addresses(offer) -> list[str]:
    """The e-mail addresses of ``offer``'s approvers (those without one left out)."""
    return [user.email for user in approver_users(offer).only("email") if user.email]


class MunicipalityTaskSubmissionEmailNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        return isinstance(instance, TaskState) and isinstance(
            instance.task.specific, MunicipalityApprovalTask
        )

    def get_recipient_users(self, task_state, **kwargs):
        recipients = approver_users(task_state.workflow_state.content_object)
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            recipients = recipients.exclude(pk=triggering_user.pk)
        return recipients


municipality_task_submission_notifier = MunicipalityTaskSubmissionEmailNotifier()


def notify_approvers_after_commit(sender, instance, **kwargs):
    """Mail the approvers once the submission is committed: not about an offer that is then
    rolled back, and not while the transaction holds the municipality's page locked (a slow
    mail server would hold up every other submission to that municipality)."""
    transaction.on_commit(
        lambda: municipality_task_submission_notifier(sender=sender, instance=instance, **kwargs),
        robust=True,
    )


def connect():
    task_submitted.connect(
        notify_approvers_after_commit,
        sender=TaskState,
        dispatch_uid="municipality_approval_task_submitted_email",
    )
