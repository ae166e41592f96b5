"""The public form associations use to add or update an offer, without an account."""

import re

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _

from home.roles import municipality_for_page

from .antispam import HoneypotMixin
from .form_messages import CONDITION_MISSING, PLACE_MISSING
from .models import (
    Accessibility,
    Language,
    LifeSituation,
    OfferKind,
    OfferPage,
    Organisation,
    Price,
    ProviderType,
    Submission,
    TargetGroup,
)
from .models.organisation import cvr_validator
from .postcodes import postcode_validator
from .rules import (
    AGE_ORDER_MESSAGE,
    FORMAT_FIELDS,
    FORMATS,
    MAX_AGE,
    MIN_AGE,
    NO,
    PHYSICAL,
    YES,
    ages_in_order,
    length_limit,
)
from .submission_schedules import SCHEDULES, ScheduleRowsMixin, schedule_initial
from .vocabulary_fields import TermChoiceField, TermMultipleChoiceField

phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{8,20}$",
    _("Skriv et telefonnummer med mindst 8 cifre, fx 12 34 56 78 eller +45 12 34 56 78."),
)

FORMAT_CHOICES = [(slug, label) for slug, (_field, label) in FORMATS.items()]
YES_NO_CHOICES = [(YES, _("Ja")), (NO, _("Nej"))]
#: Form fields copied to and from the offer as they are.
PLAIN_FIELDS = (
    "title", "summary", "description", "age_min", "age_max", "address", "postcode", "city",
    "schedule", "accessible", "price", "price_note", "phone", "email", "website",
)  # fmt: skip
#: The offer's many-to-many fields with a form field of the same name.
MANY_FIELDS = ("life_situations", "target_groups", "offer_kinds", "languages")

#: The conditions a sender ticks (each a required checkbox).
CONDITION_FIELDS = (
    "eligibility_organisation",
    "eligibility_not_political",
    "eligibility_free",
    "eligibility_denmark",
    "privacy_consent",
)

REQUIRED = _("Udfyld dette felt.")
CHOOSE_ONE = _("Vælg mindst én.")


def listed_organisations(municipality):
    """The organisations a sender can pick from the list: those the municipality's offers may
    name (its own and the national ones) that a citizen can already see on the site, with a
    published, visible offer. An organisation that only a draft names (perhaps typed in by
    someone else, not yet approved) is not shown to anyone; it is found by its name instead."""
    public = OfferPage.objects.public().filter(organisation=OuterRef("pk"))
    return Organisation.objects.visible_in(municipality).filter(Exists(public)).order_by("name")


def _checkboxes(model, label, help_text, required=True):
    return TermMultipleChoiceField(
        queryset=model.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        label=label,
        help_text=help_text,
        required=required,
        error_messages={"required": CHOOSE_ONE},
    )


class OfferSubmissionForm(HoneypotMixin, ScheduleRowsMixin, forms.Form):
    """All the fields a citizen sees on an offer, in the order a volunteer thinks of them."""

    FIELDSETS = [
        (_("Om tilbuddet"), ["title", "summary", "description"]),
        (
            _("Hvem er tilbuddet for?"),
            ["life_situations", "target_groups", "offer_kinds", "age_min", "age_max"],
        ),
        (
            _("Hvor og hvornår?"),
            ["formats", "address", "postcode", "city", "schedule", "accessible"],
        ),
        (_("Faste tidspunkter (valgfrit)"), SCHEDULES),
        (
            _("Pris og praktisk"),
            ["price", "price_note", "registration_required", "anonymous", "languages"],
        ),
        (_("Kontakt for borgere"), ["phone", "email", "website"]),
        (
            _("Organisation"),
            [
                "organisation",
                "new_organisation_name",
                "new_organisation_type",
                "new_organisation_cvr",
            ],
        ),
        (
            _("Om dig, der sender tilbuddet"),
            ["submitter_name", "submitter_email", "submitter_phone"],
        ),
        (_("Betingelser"), list(CONDITION_FIELDS)),
    ]

    title = forms.CharField(
        label=_("Tilbuddets navn"),
        max_length=length_limit(OfferPage, "title"),
        help_text=_('Et kort navn, der siger, hvad det er. Fx "Sorggruppe for voksne".'),
        error_messages={"required": REQUIRED},
    )
    summary = forms.CharField(
        label=_("Kort beskrivelse"),
        max_length=length_limit(OfferPage, "summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("En eller to sætninger, som står i søgeresultaterne. Højst 500 tegn."),
        error_messages={"required": REQUIRED},
    )
    description = forms.CharField(
        label=_("Uddybende beskrivelse (valgfri)"),
        max_length=length_limit(OfferPage, "description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Hvad sker der, hvem står bag, hvad skal man vide? En tom linje giver nyt afsnit."
        ),
    )
    life_situations = _checkboxes(
        LifeSituation,
        _("Hvad står deltagerne i?"),
        _("Vælg de livssituationer, tilbuddet hjælper med."),
    )
    target_groups = _checkboxes(
        TargetGroup,
        _("Målgrupper (valgfri)"),
        _("Vælg kun, hvis tilbuddet er for bestemte grupper."),
        required=False,
    )
    offer_kinds = _checkboxes(OfferKind, _("Hvilken slags tilbud er det?"), "")
    age_min = forms.IntegerField(
        label=_("Alder fra (valgfri)"), required=False, min_value=MIN_AGE, max_value=MAX_AGE
    )
    age_max = forms.IntegerField(
        label=_("Alder til (valgfri)"), required=False, min_value=MIN_AGE, max_value=MAX_AGE
    )
    formats = forms.MultipleChoiceField(
        label=_("Hvordan foregår det?"),
        choices=FORMAT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": CHOOSE_ONE},
    )
    address = forms.CharField(
        label=_("Adresse"),
        max_length=length_limit(OfferPage, "address"),
        required=False,
        help_text=_("Hvor man mødes. Skal udfyldes, hvis tilbuddet foregår ved fysisk fremmøde."),
    )
    postcode = forms.CharField(
        label=_("Postnummer"),
        max_length=length_limit(OfferPage, "postcode"),
        required=False,
        validators=[postcode_validator],
    )
    city = forms.CharField(
        label=_("By"), max_length=length_limit(OfferPage, "city"), required=False
    )
    schedule = forms.CharField(
        label=_("Hvornår?"),
        max_length=length_limit(OfferPage, "schedule"),
        required=False,
        help_text=_('Fx "Tirsdage kl. 17-19" eller "Efter aftale".'),
    )
    accessible = forms.ChoiceField(
        label=_("Er der niveaufri adgang (uden trin)?"),
        choices=Accessibility.choices,
        initial=Accessibility.UNKNOWN,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg en af mulighederne.")},
    )
    price = forms.ChoiceField(
        label=_("Pris"),
        choices=Price.choices,
        initial=Price.FREE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg en af mulighederne.")},
        help_text=_(
            "Tilbud på Socialkompas er gratis, eller deltagerne betaler kun det, det koster."
        ),
    )
    price_note = forms.CharField(
        label=_("Om prisen (valgfri)"),
        max_length=length_limit(OfferPage, "price_note"),
        required=False,
        help_text=_('Fx "20 kr. til kaffe".'),
    )
    registration_required = forms.ChoiceField(
        label=_("Skal man melde sig til?"),
        choices=YES_NO_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg ja eller nej.")},
    )
    anonymous = forms.ChoiceField(
        label=_("Kan man være anonym?"),
        choices=YES_NO_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg ja eller nej.")},
    )
    languages = TermMultipleChoiceField(
        queryset=Language.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        label=_("Sprog (valgfri)"),
        required=False,
    )
    phone = forms.CharField(
        label=_("Telefon (valgfri)"),
        max_length=length_limit(OfferPage, "phone"),
        required=False,
        validators=[phone_validator],
    )
    email = forms.EmailField(
        label=_("E-mail (valgfri)"),
        required=False,
        error_messages={"invalid": _("Skriv en gyldig e-mailadresse, fx navn@forening.dk.")},
    )
    website = forms.URLField(
        label=_("Hjemmeside (valgfri)"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Skriv en gyldig webadresse, fx https://forening.dk.")},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Vælg jeres organisation"),
        required=False,
        empty_label=_("– Vi er ikke på listen –"),
        help_text=_("Er I ikke på listen, så skriv organisationens navn nedenfor."),
    )
    new_organisation_name = forms.CharField(
        label=_("Ny organisations navn"),
        max_length=length_limit(Organisation, "name"),
        required=False,
    )
    new_organisation_type = TermChoiceField(
        queryset=ProviderType.objects.all(),
        label=_("Hvad slags organisation er det?"),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    new_organisation_cvr = forms.CharField(
        label=_("CVR-nummer (valgfrit)"),
        max_length=length_limit(Organisation, "cvr"),
        required=False,
        validators=[cvr_validator],
    )
    submitter_name = forms.CharField(
        label=_("Dit navn"),
        max_length=length_limit(Submission, "submitter_name"),
        help_text=_("Vises ikke på siden. Kommunen bruger det, hvis de har spørgsmål."),
        error_messages={"required": REQUIRED},
    )
    submitter_email = forms.EmailField(
        label=_("Din e-mail"),
        help_text=_("Vi sender en kvittering og et link, så du kan rette tilbuddet senere."),
        error_messages={
            "required": REQUIRED,
            "invalid": _("Skriv en gyldig e-mailadresse, fx navn@forening.dk."),
        },
    )
    submitter_phone = forms.CharField(
        label=_("Din telefon (valgfri)"),
        max_length=length_limit(Submission, "submitter_phone"),
        required=False,
        validators=[phone_validator],
    )
    eligibility_organisation = forms.BooleanField(
        label=_(
            "Vi er en almennyttig forening eller organisation, en offentlig institution eller "
            "et godkendt trossamfund."
        ),
        error_messages={"required": CONDITION_MISSING["eligibility_organisation"]},
    )
    eligibility_not_political = forms.BooleanField(
        label=_("Vi er ikke et politisk parti, og tilbuddet er ikke partipolitisk."),
        error_messages={"required": CONDITION_MISSING["eligibility_not_political"]},
    )
    eligibility_free = forms.BooleanField(
        label=_("Tilbuddet er gratis, eller deltagerne betaler kun, hvad det koster."),
        error_messages={"required": CONDITION_MISSING["eligibility_free"]},
    )
    eligibility_denmark = forms.BooleanField(
        label=_("Vi har base i Danmark."),
        error_messages={"required": CONDITION_MISSING["eligibility_denmark"]},
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "Jeg har læst privatlivspolitikken, og Socialkompas må gemme mit navn og min e-mail "
            "for at behandle tilbuddet."
        ),
        error_messages={"required": CONDITION_MISSING["privacy_consent"]},
    )
    confirm_duplicate = forms.BooleanField(
        label=_("Ja, det er et andet tilbud. Send det alligevel."), required=False
    )

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["organisation"].queryset = listed_organisations(self.municipality)
        if not self.is_bound and "languages" not in self.initial:
            self.initial["languages"] = Language.objects.filter(code="da")

    def clean(self):
        data = super().clean()
        if not ages_in_order(data.get("age_min"), data.get("age_max")):
            self.add_error("age_max", AGE_ORDER_MESSAGE)
        if PHYSICAL in data.get("formats", []):
            for name, message in PLACE_MISSING.items():
                if not data.get(name) and name not in self.errors:  # not when it is wrong
                    self.add_error(name, message)
        if not data.get("organisation"):
            if not data.get("new_organisation_name"):
                self.add_error(
                    "organisation",
                    _("Vælg jeres organisation på listen, eller skriv navnet på en ny nedenfor."),
                )
            elif not data.get("new_organisation_type"):
                self.add_error("new_organisation_type", _("Vælg, hvad slags organisation det er."))
        self.clean_schedules()
        return data

    def organisation_or_new(self):
        """The chosen organisation, one of the same name (ignoring case) this municipality's
        offers may name (its own before a national one), or an unsaved new one of this
        municipality. Another municipality's organisation of that name is never taken."""
        data = self.cleaned_data
        if data.get("organisation"):
            return data["organisation"]
        name = re.sub(r"\s+", " ", data["new_organisation_name"]).strip()
        existing = (
            Organisation.objects.visible_in(self.municipality)
            .filter(name__iexact=name)
            .order_by(F("municipality").asc(nulls_last=True))
            .first()
        )
        if existing is not None:
            return existing
        return Organisation(
            name=name,
            provider_type=data["new_organisation_type"],
            cvr=data.get("new_organisation_cvr", ""),
            # Its Danish page, also when the form was sent in another language.
            municipality=municipality_for_page(self.municipality) if self.municipality else None,
        )

    def apply_to(self, offer, organisation):
        """Copy the offer's fields onto ``offer`` (a new page or the latest revision)."""
        data = self.cleaned_data
        for name in PLAIN_FIELDS:
            setattr(offer, name, data[name])
        for slug, field in FORMAT_FIELDS.items():
            setattr(offer, field, slug in data["formats"])
        offer.registration_required = data["registration_required"] == YES
        offer.anonymous = data["anonymous"] == YES
        offer.organisation = organisation
        for name in MANY_FIELDS:
            getattr(offer, name).set(data[name])
        self.apply_schedules(offer)

    @classmethod
    def initial_from(cls, offer):
        return {
            **{name: getattr(offer, name) for name in PLAIN_FIELDS},
            **{name: list(getattr(offer, name).all()) for name in MANY_FIELDS},
            "formats": [slug for slug, field in FORMAT_FIELDS.items() if getattr(offer, field)],
            "registration_required": YES if offer.registration_required else NO,
            "anonymous": YES if offer.anonymous else NO,
            **cls._organisation_initial(offer),
            **schedule_initial(offer),
        }

    @staticmethod
    def _organisation_initial(offer):
        """An organisation on the list is chosen; one that is not (no published offer yet) is
        filled in by name, which finds the same organisation again when the form is sent."""
        organisation = offer.organisation
        if listed_organisations(offer.municipality).filter(pk=organisation.pk).exists():
            return {"organisation": organisation.pk}
        return {
            "new_organisation_name": organisation.name,
            "new_organisation_type": organisation.provider_type_id,
            "new_organisation_cvr": organisation.cvr,
        }
