"""Who sent an offer in, and what changed: a panel in the offer editor for its approvers.

The sender's name, e-mail and phone (``Submission``) are personal data: the panel is shown only
to those who may moderate the offer (its municipality's local administrators, the national
editors: ``home.roles.user_can_moderate_page``; another municipality's administrator cannot open
the editor at all), and only until retention deletes them (``offers.retention``). With a
revision newer than the published one it links to Wagtail's comparison of the two, so the
approver sees what an update changed.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from home.roles import user_can_moderate_page

from .models.submissions import Submission


def compare_url(page) -> str:
    """Wagtail's comparison of the published version with the newest revision, when the page
    is published and has a newer revision; else ""."""
    if not page.pk or not page.live or page.live_revision_id is None:
        return ""
    if page.latest_revision_id in (None, page.live_revision_id):
        return ""
    return reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", "latest"])


class SenderPanel(Panel):
    """Read only: the offer's submissions (newest first) and the link to what changed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Indsendt af"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "offers/admin/sender_panel.html"

        def _submissions(self):
            if not hasattr(self, "_cached"):
                self._cached = list(
                    Submission.objects.filter(offer__translation_key=self.instance.translation_key)
                    # Retention erases a sender and keeps the anonymous submission.
                    .exclude(submitter_name="", submitter_email="", submitter_phone="")
                    .order_by("-created_at", "-pk")
                )
            return self._cached

        def is_shown(self):
            page = self.instance
            if page is None or not page.pk or self.request is None:
                return False
            if not user_can_moderate_page(self.request.user, page):
                return False
            return bool(self._submissions()) or bool(compare_url(page))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["submissions"] = self._submissions()
            context["compare_url"] = compare_url(self.instance)
            return context
