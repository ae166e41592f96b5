"""The approver's message after approving, rejecting or asking for changes to an offer: what
happened to the offer and what its sender is told, instead of Wagtail's generic one ("Siden
"X" er blevet opdateret." after the editor's workflow menu, none after the dashboard's
buttons).

Wagtail routes every page view through the page viewset of the page's type, so the offers'
viewset changes the two views an approver acts from: the editor (its workflow action menu) and
the workflow action view behind "Venter på din gennemgang" on the dashboard. Other page types
keep Wagtail's views and messages. What the sender is told is decided once, in
``offers.mail_to_associations.sender_mail``: it is read before the action (approval and
rejection close the submissions it mails) and the same function then sends the mail.
"""

import json

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import TaskState

from .mail_to_associations import SenderMail, after_the_action, sender_mail
from .models import OfferPage


def what_happened(offer, mail: SenderMail) -> str:
    """The offer after the action: on the site, scheduled, or not (or still the version
    published before). ``mail`` as completed after the action (``after_the_action``)."""
    values = {"title": offer.get_admin_display_title()}
    if mail.action_name == "approve":
        if mail.go_live_at is not None:
            values["time"] = date_format(localtime(mail.go_live_at), "DATETIME_FORMAT")
            return _('Tilbuddet "%(title)s" er godkendt og offentliggøres %(time)s.') % values
        return _('Tilbuddet "%(title)s" er godkendt og offentliggjort.') % values
    if mail.action_name == "reject":
        if offer.live:
            message = _(
                'Ændringerne af tilbuddet "%(title)s" er afvist. '
                "Siden viser fortsat den offentliggjorte udgave."
            )
        else:
            message = _('Tilbuddet "%(title)s" er afvist og ikke offentliggjort.')
        return message % values
    if offer.live:
        message = _(
            'Ændringerne af tilbuddet "%(title)s" er sendt tilbage til rettelse. '
            "Siden viser fortsat den offentliggjorte udgave."
        )
    else:
        message = _('Tilbuddet "%(title)s" er sendt tilbage til ændringer og ikke offentliggjort.')
    return message % values


def moderation_message(offer_id, mail: SenderMail) -> str:
    offer = OfferPage.objects.get(pk=offer_id)  # as the action left it
    mail = after_the_action(mail, offer)
    return f"{what_happened(offer, mail)} {mail.summary()}"


class OfferEditView(EditView):
    moderation_mail = None

    def perform_workflow_action(self):
        extra = json.loads(self.request.POST.get("workflow-action-extra-data", "{}"))
        self.moderation_mail = sender_mail(self.page, self.workflow_action, extra.get("comment"))
        return super().perform_workflow_action()

    def add_save_confirmation_message(self):
        if self.moderation_mail is None:
            super().add_save_confirmation_message()
        else:
            messages.success(self.request, moderation_message(self.page.pk, self.moderation_mail))


class OfferWorkflowActionView(WorkflowActionView):
    def post(self, request, *args, **kwargs):
        comment = ""
        if self.form_class:
            form = self.form_class(request.POST)
            if form.is_valid():
                comment = form.cleaned_data.get("comment", "")
        mail = sender_mail(self.object, self.action_name, comment)
        response = super().post(request, *args, **kwargs)
        # An invalid form does nothing (Wagtail shows the form again or just goes back).
        acted = not TaskState.objects.filter(
            pk=self.task_state.pk, status=TaskState.STATUS_IN_PROGRESS
        ).exists()
        if mail is not None and acted:
            messages.success(request, moderation_message(self.object.pk, mail))
        return response


class OfferPageViewSet(PageViewSet):
    model = OfferPage
    edit_view_class = OfferEditView
    workflow_action_view_class = OfferWorkflowActionView


@hooks.register("register_admin_viewset")
def register_offer_page_viewset():
    return OfferPageViewSet("offer_pages")
