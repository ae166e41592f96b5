"""Moderation: one approval task that knows which municipality a page belongs to.

Wagtail's group approval task only asks whether the user is in a group, not where the page
is. This task lets a municipality's local administrators (and national editors) act on that
municipality's pages only; national pages are approved by national editors. One task and one
workflow serve every municipality, so the dashboard's "awaiting your review" costs the same
with 2 municipalities as with 98.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Task, TaskState, Workflow, WorkflowTask

from home.roles import is_national_editor, pages_of, user_can_moderate_page

WORKFLOW_NAME = "Godkendelse i kommunen"

#: Sent (sender: the task class; ``task_state``, ``action_name``: "approve",
#: "request_changes" or "reject", ``comment``) once a moderator has acted, inside the same
#: transaction: offers.mail_to_associations tells the sender of the offer.
moderated = Signal()


class MunicipalityApprovalTask(Task):
    @classmethod
    def get_description(cls):
        return _(
            "Kommunens lokale administratorer godkender kommunens sider; nationale redaktører "
            "godkender alle sider og de landsdækkende."
        )

    def user_can_access_editor(self, obj, user):
        return user_can_moderate_page(user, obj)

    def locked_for_user(self, obj, user):
        return not user_can_moderate_page(user, obj)

    def user_can_lock(self, obj, user):
        return user_can_moderate_page(user, obj)

    def get_actions(self, obj, user):
        if not user_can_moderate_page(user, obj):
            return []
        return [
            ("request_changes", _("Bed om ændringer"), True),
            ("reject", _("Afvis"), True),
            ("approve", _("Godkend"), False),
            ("approve", _("Godkend med kommentar"), True),
        ]

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        """Approve; request changes (the sender fixes and resubmits); or reject for good (the
        workflow ends and the page stays an unpublished draft). The comment is kept either way."""
        if action_name == "request_changes":
            task_state.reject(user=user, **kwargs)
        elif action_name == "reject":
            task_state.reject(user=user, **kwargs)
            task_state.workflow_state.refresh_from_db()
            task_state.workflow_state.cancel(user=user)
        else:
            super().on_action(task_state, user, action_name, **kwargs)
        moderated.send(
            sender=type(self),
            task_state=task_state,
            action_name=action_name,
            comment=kwargs.get("comment", ""),
        )

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if is_national_editor(user):
            return states
        page_ids = pages_of(user).annotate(key=Cast("pk", CharField())).values("key")
        return states.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id__in=page_ids,
        )

    class Meta:
        verbose_name = _("godkendelse i kommunen")
        verbose_name_plural = _("godkendelser i kommunen")


def municipal_workflow():
    """The shared workflow (created on first use). Idempotent."""
    task = MunicipalityApprovalTask.objects.filter(active=True).order_by("pk").first()
    if task is None:
        task = MunicipalityApprovalTask.objects.create(name=str(_("Godkendelse i kommunen")))
    workflow = Workflow.objects.filter(workflow_tasks__task=task, active=True).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow
