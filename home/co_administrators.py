"""A municipality's local administrators invite and remove co-administrators, without support.

``kommune/<municipality_id>/administratorer/`` in the admin lists the local administrators of
one municipality and invites a new one by e-mail: the invitee becomes a user in that
municipality's group only, with no password, and sets one through a private link (Wagtail's
own password-reset link: signed, single use, expiring after ``PASSWORD_RESET_TIMEOUT``). A
local administrator can remove another one of the same municipality (not themselves); a user
left in no group is deactivated. They see and touch no other users, groups or permissions:
the views answer only for municipalities of their own, and ``home.admin_access`` checks every
argument of these URLs before the views run (``co_administrator_areas``).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_access import AdminArea, page_in_scope
from .models import MunicipalityPage
from .roles import is_national_editor, municipalities_of

LIST_URL_NAME = "co_administrators"
REMOVE_URL_NAME = "co_administrator_remove"


def may_manage(user, municipality):
    """Whether ``user`` may invite and remove administrators of ``municipality``."""
    return is_national_editor(user) or any(m.pk == municipality.pk for m in municipalities_of(user))


def administrators(municipality):
    if municipality.admin_group_id is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(groups=municipality.admin_group_id, is_active=True)
        .order_by("first_name", "last_name", "email")
    )


def _municipality(request, municipality_id):
    municipality = get_object_or_404(
        MunicipalityPage, pk=municipality_id, admin_group__isnull=False
    )
    if not may_manage(request.user, municipality):
        raise PermissionDenied
    return municipality


def co_administrator_of_municipality(request, value, kwargs):
    """``home.admin_access`` check: ``value`` is an administrator of the URL's municipality,
    which is the requester's own."""
    try:
        municipality = MunicipalityPage.objects.get(pk=int(kwargs.get("municipality_id")))
        user_id = int(value)
    except (MunicipalityPage.DoesNotExist, TypeError, ValueError):
        return False
    if not may_manage(request.user, municipality):
        return False
    return administrators(municipality).filter(pk=user_id).exists()


def co_administrator_areas():
    municipality = {"municipality_id": page_in_scope}
    return [
        AdminArea(LIST_URL_NAME, kwargs=municipality, strict_query=frozenset()),
        AdminArea(
            REMOVE_URL_NAME,
            kwargs={**municipality, "user_id": co_administrator_of_municipality},
            strict_query=frozenset(),
        ),
    ]


class InvitationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Navn"), max_length=150)
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        max_length=254,
        help_text=gettext_lazy(
            "Vi sender et link, hvor den nye administrator vælger en adgangskode."
        ),
        error_messages={
            "required": gettext_lazy("Skriv den e-mailadresse, invitationen skal sendes til."),
            "invalid": gettext_lazy("Skriv en gyldig e-mailadresse, fx navn@kommune.dk."),
        },
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["name"].error_messages["required"] = _("Skriv navnet på den, du vil invitere.")

    def clean_email(self):
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"]).lower()
        users = get_user_model().objects.filter(email__iexact=email)
        if administrators(self.municipality).filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("%(email)s er allerede administrator i %(municipality)s.")
                % {"email": email, "municipality": self.municipality.title}
            )
        if users.exists() or get_user_model().objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "Adressen har allerede en brugerkonto på Socialkompas. Bed den nationale "
                    "redaktion om at give den adgang til %(municipality)s."
                )
                % {"municipality": self.municipality.title}
            )
        return email


def _invite(request, municipality, name, email):
    first, _sep, last = name.strip().partition(" ")
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=email, email=email, first_name=first[:150], last_name=last[:150]
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(municipality.admin_group)
    link = request.build_absolute_uri(
        reverse(
            "wagtailadmin_password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    context = {
        "municipality": municipality,
        "inviter": request.user.get_full_name() or request.user.get_username(),
        "name": name,
        "link": link,
        "login_url": request.build_absolute_uri(reverse("wagtailadmin_login")),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = render_to_string("home/email/co_administrator_invitation_subject.txt", context)
    body = render_to_string("home/email/co_administrator_invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [email])
    return user


class CoAdministratorsView(WagtailAdminTemplateMixin, TemplateView):
    """The municipality's local administrators, and the invitation form."""

    template_name = "home/admin/co_administrators.html"
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_page_title(self):
        return _("Administratorer i %(municipality)s") % {"municipality": self.municipality.title}

    def dispatch(self, request, municipality_id):
        self.municipality = _municipality(request, municipality_id)
        return super().dispatch(request)

    def post(self, request):
        form = InvitationForm(request.POST, municipality=self.municipality)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        email = form.cleaned_data["email"]
        _invite(request, self.municipality, form.cleaned_data["name"], email)
        messages.success(
            request,
            _(
                "%(email)s er inviteret som administrator i %(municipality)s. Invitationen er "
                "sendt til %(email)s med et link til at vælge en adgangskode."
            )
            % {"email": email, "municipality": self.municipality.title},
        )
        return redirect(LIST_URL_NAME, municipality_id=self.municipality.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", InvitationForm(municipality=self.municipality))
        context["municipality"] = self.municipality
        context["administrators"] = list(administrators(self.municipality))
        context["remove_url_name"] = REMOVE_URL_NAME
        return context


class RemoveCoAdministratorView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm (GET) and remove (POST) one administrator of the municipality."""

    template_name = "home/admin/co_administrator_remove.html"
    header_icon = "group"

    def get_breadcrumbs_items(self):
        list_url = reverse(LIST_URL_NAME, kwargs={"municipality_id": self.municipality.pk})
        return self.breadcrumbs_items + [
            {"url": list_url, "label": _("Administratorer")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_page_title(self):
        return _("Fjern administrator")

    def dispatch(self, request, municipality_id, user_id):
        self.municipality = _municipality(request, municipality_id)
        self.administrator = administrators(self.municipality).filter(pk=user_id).first()
        if self.administrator is None:
            raise Http404
        return super().dispatch(request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            municipality=self.municipality,
            administrator=self.administrator,
            is_self=self.administrator.pk == self.request.user.pk,
            list_url=reverse(LIST_URL_NAME, kwargs={"municipality_id": self.municipality.pk}),
        )
        return context

    def post(self, request):
        user = self.administrator
        if user.pk == request.user.pk:
            messages.error(request, _("Du kan ikke fjerne dig selv. Bed en anden administrator."))
            return redirect(LIST_URL_NAME, municipality_id=self.municipality.pk)
        with transaction.atomic():
            user.groups.remove(self.municipality.admin_group)
            if not user.is_superuser and not user.groups.exists():
                user.is_active = False
                user.save(update_fields=["is_active"])
        messages.success(
            request,
            _("%(name)s er ikke længere administrator i %(municipality)s.")
            % {"name": user.get_full_name() or user.email, "municipality": self.municipality.title},
        )
        return redirect(LIST_URL_NAME, municipality_id=self.municipality.pk)
