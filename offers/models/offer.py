from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import MunicipalityPage, RegisteredRoutesMixin, ReservedSlugMixin

from .. import rules
from ..postcode_places import place_from_postcode
from ..postcodes import postcode_validator
from ..rules import (
    AGE_ORDER_MESSAGE,
    FORMAT_FIELDS,
    FORMATS,
    MAX_AGE,
    age_text,
    ages_in_order,
    ages_of_groups,
)
from ..schedules import next_occasion
from ..sender_panel import SenderPanel
from .offer_form import WRONG_MUNICIPALITY, OfferPageForm


class Price(models.TextChoices):
    FREE = "gratis", _("Gratis")
    AT_COST = "egenbetaling", _("Egenbetaling")


class Accessibility(models.TextChoices):
    YES = rules.YES, _("Ja, der er niveaufri adgang")
    NO = rules.NO, _("Nej, der er ikke niveaufri adgang")
    UNKNOWN = "ukendt", _("Ukendt")


class OfferQuerySet(PageQuerySet):
    def in_scope_of(self, page):
        """Offers shown on ``page``'s subsite: a municipality's own plus the national ones.

        The national front page's scope is every offer.
        """
        qs = self.filter(locale_id=page.locale_id)
        if isinstance(page, MunicipalityPage):
            return qs.filter(Q(municipality=page) | Q(municipality__isnull=True))
        return qs

    def public(self):
        """What citizens may see: live and not hidden for want of confirmation."""
        return self.live().filter(stale_since__isnull=True)

    def for_listing(self):
        return self.select_related("organisation", "municipality").prefetch_related(
            "life_situations"
        )


OfferManager = PageManager.from_queryset(OfferQuerySet)

#: Sent (sender: OfferPage, ``ids``: page ids) after a queryset update may have changed
#: whether offers are public (``stale_since``): such an update sends no page signal, and what
#: is derived from the public offers (the search lexicon) must follow.
public_offers_changed = Signal()


#: The kind of page (home.routes) the routes below an offer's own address are registered for
#: (``fejl/``: offers.error_reports, registered in offers/wagtail_hooks.py).
OFFER_PAGE_ROUTES = "offer"


class OfferPage(ReservedSlugMixin, RegisteredRoutesMixin, Page):
    """A free social or health offer (tilbud)."""

    route_kind = OFFER_PAGE_ROUTES

    summary = models.TextField(
        _("kort beskrivelse"),
        max_length=500,
        help_text=_("En eller to sætninger om, hvad tilbuddet er."),
    )
    description = models.TextField(
        _("uddybende beskrivelse"),
        blank=True,
        # Checked by the editor, the public form and the import alike (not by the database).
        max_length=5000,
        help_text=_("Almindelig tekst. En tom linje starter et nyt afsnit."),
    )
    organisation = models.ForeignKey(
        "offers.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    life_situations = ParentalManyToManyField(
        "offers.LifeSituation", verbose_name=_("livssituationer"), related_name="offers"
    )
    target_groups = ParentalManyToManyField(
        "offers.TargetGroup", verbose_name=_("målgrupper"), related_name="offers", blank=True
    )
    offer_kinds = ParentalManyToManyField(
        "offers.OfferKind", verbose_name=_("tilbudstyper"), related_name="offers"
    )
    keywords = models.CharField(
        _("søgeord"),
        max_length=255,
        blank=True,
        help_text=_("Ekstra ord, som borgere kan søge på. Adskil med komma."),
    )

    age_min = models.PositiveSmallIntegerField(
        _("alder fra"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("alder til"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )

    is_physical = models.BooleanField(_("fysisk fremmøde"), default=False)
    is_online = models.BooleanField(_("online"), default=False)
    is_phone = models.BooleanField(_("telefon"), default=False)

    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postnummer"), max_length=4, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("by"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("breddegrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("længdegrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    #: The point is the postcode's, not the meeting place's (offers.postcode_places).
    location_approximate = models.BooleanField(
        _("omtrentlig placering"),
        default=False,
        help_text=_("Punktet er postnummerets midte. Angiv bredde- og længdegrad for et præcist."),
    )

    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("hjemmeside"), max_length=500, blank=True)

    schedule = models.CharField(
        _("tidspunkt"), max_length=255, blank=True, help_text=_('Fx "Tirsdage kl. 17-19".')
    )
    price = models.CharField(_("pris"), max_length=20, choices=Price.choices, default=Price.FREE)
    price_note = models.CharField(_("om prisen"), max_length=255, blank=True)
    registration_required = models.BooleanField(_("kræver tilmelding"), default=False)
    anonymous = models.BooleanField(_("man kan være anonym"), default=False)
    languages = ParentalManyToManyField(
        "offers.Language", verbose_name=_("sprog"), related_name="offers", blank=True
    )
    accessible = models.CharField(
        _("niveaufri adgang"),
        max_length=10,
        choices=Accessibility.choices,
        default=Accessibility.UNKNOWN,
    )

    external_id = models.CharField(
        _("eksternt id"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Fast id fra import (kolonnen id). Tomt for tilbud oprettet her."),
    )
    last_confirmed_at = models.DateTimeField(
        _("sidst bekræftet"),
        default=timezone.now,
        help_text=_("Hvornår udbyderen sidst har bekræftet, at oplysningerne er rigtige."),
    )
    #: Freshness: how many review reminders went out since the last confirmation, and when the
    #: offer was hidden for want of one. Kept out of revisions (see ``with_content_json``).
    review_reminders_sent = models.PositiveSmallIntegerField(
        _("påmindelser sendt"), default=0, editable=False
    )
    stale_since = models.DateTimeField(
        _("skjult som forældet siden"), null=True, blank=True, editable=False
    )
    #: The municipality whose subsite the offer belongs to; empty for national offers.
    #: Kept in step with the page's place in the tree (see ``save`` and ``signals``).
    municipality = models.ForeignKey(
        "home.MunicipalityPage",
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="own_offers",
    )

    objects = OfferManager()
    base_form_class = OfferPageForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("organisation"),
        MultiFieldPanel(
            [
                FieldPanel("life_situations", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("offer_kinds", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
                FieldPanel("keywords"),
            ],
            _("Hvem og hvad"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("is_physical"), FieldPanel("is_online"), FieldPanel("is_phone")]
                ),
                FieldPanel("schedule"),
                InlinePanel("schedules", label=_("Faste tidspunkter")),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("location_approximate", read_only=True),
                FieldPanel("accessible"),
            ],
            _("Hvor og hvornår"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("price"), FieldPanel("price_note")]),
                FieldPanel("registration_required"),
                FieldPanel("anonymous"),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
            ],
            _("Pris og praktisk"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")], _("Kontakt")
        ),
        SenderPanel(),
    ]
    settings_panels = Page.settings_panels + [
        FieldPanel("last_confirmed_at", read_only=True),
        FieldPanel("external_id", read_only=True),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.SearchField("description"),
        index.SearchField("keywords", boost=2),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.RelatedFields(
            "life_situations", [index.SearchField("name", boost=2), index.FilterField("slug")]
        ),
        index.RelatedFields(
            "target_groups", [index.SearchField("name"), index.FilterField("slug")]
        ),
        index.RelatedFields("offer_kinds", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("municipality"),
        index.FilterField("is_physical"),
        index.FilterField("is_online"),
        index.FilterField("is_phone"),
        index.FilterField("price"),
        index.FilterField("anonymous"),
        index.FilterField("registration_required"),
        index.FilterField("last_confirmed_at"),
        index.FilterField("stale_since"),
    ]

    parent_page_types = ["home.HomePage", "home.MunicipalityPage"]
    subpage_types = []
    #: An offer is public or not published: no password or login (HomePage.private_page_options).
    private_page_options = []
    #: The import's id is unique: it names the source offer, not its translations.
    exclude_fields_in_copy = ["external_id"]
    #: What wagtail-localize translates (``TranslatableField``) and copies from the Danish
    #: source (``SynchronizedField``): its own choice for every field (text translated; choices,
    #: numbers, e-mail and web addresses copied), except that the import id (unique) stays with
    #: the source, phone numbers and postcodes are facts, not text, and the vocabulary follows
    #: the source (terms carry their own names per language, see ``TranslatedNameMixin``).
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        SynchronizedField("show_in_menus"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("summary"),
        TranslatableField("description"),
        SynchronizedField("organisation"),
        TranslatableField("keywords"),
        SynchronizedField("age_min"),
        SynchronizedField("age_max"),
        SynchronizedField("is_physical"),
        SynchronizedField("is_online"),
        SynchronizedField("is_phone"),
        TranslatableField("address"),
        TranslatableField("city"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("location_approximate"),
        SynchronizedField("email"),
        SynchronizedField("website"),
        TranslatableField("schedule"),
        SynchronizedField("price"),
        TranslatableField("price_note"),
        SynchronizedField("registration_required"),
        SynchronizedField("anonymous"),
        SynchronizedField("accessible"),
        SynchronizedField("last_confirmed_at"),
        # The recurring times are the same in every language (offers.models.schedules).
        SynchronizedField("schedules"),
        SynchronizedField("phone"),
        SynchronizedField("postcode"),
        SynchronizedField("life_situations"),
        SynchronizedField("target_groups"),
        SynchronizedField("offer_kinds"),
        SynchronizedField("languages"),
    ]

    class Meta:
        verbose_name = _("tilbud")
        verbose_name_plural = _("tilbud")
        indexes = [
            # Far away (search.place): the offers with a meeting place in a box around a place,
            # found by latitude and longitude without reading the country's other offers.
            models.Index(
                fields=["latitude", "longitude"],
                condition=Q(is_physical=True, latitude__isnull=False, longitude__isnull=False),
                name="offer_place_idx",
            ),
        ]

    @classmethod
    def get_indexed_objects(cls):
        # modelsearch prefetches related search fields, but skips modelcluster's parental
        # many-to-many fields; without this, indexing costs 15 queries per offer.
        return (
            super()
            .get_indexed_objects()
            .prefetch_related("life_situations", "target_groups", "offer_kinds")
        )

    def clean(self):
        super().clean()
        place_from_postcode(self)
        errors = self.rule_errors()
        if self.organisation_id is not None and self.path:
            # A new page in the editor has no place in the tree yet: its form checks this.
            if not self.organisation.fits(self.municipality_from_tree()):
                errors["organisation"] = WRONG_MUNICIPALITY
        if errors:
            raise ValidationError(errors)

    def rule_errors(self):
        """What an offer must satisfy beyond its single fields, by field name (no queries)."""
        errors = {}
        if not any(getattr(self, name) for name in FORMAT_FIELDS.values()):
            errors["is_physical"] = _("Vælg mindst én form: fysisk fremmøde, online eller telefon.")
        if not ages_in_order(self.age_min, self.age_max):
            errors["age_max"] = AGE_ORDER_MESSAGE
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Angiv både bredde- og længdegrad, eller ingen af dem.")
        return errors

    #: Fields that are facts about the offer's upkeep, not its content: a revision saved before a
    #: confirmation must not turn the clock back when it is published.
    UPKEEP_FIELDS = ("last_confirmed_at", "review_reminders_sent", "stale_since")

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.UPKEEP_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def mark_confirmed(self, when=None):
        """The provider confirmed the offer is still right: restart the freshness clock and
        show it again if it was hidden. Not a content change, so no new revision."""
        was_hidden = self.stale_since is not None
        self.last_confirmed_at = when or timezone.now()
        self.review_reminders_sent = 0
        self.stale_since = None
        OfferPage.objects.filter(pk=self.pk).update(
            **{name: getattr(self, name) for name in self.UPKEEP_FIELDS}
        )
        if was_hidden:
            public_offers_changed.send(sender=OfferPage, ids=[self.pk])

    def serve(self, request, *args, **kwargs):
        if self.stale_since is not None and not getattr(request, "is_preview", False):
            raise Http404(_("Tilbuddet er skjult, fordi oplysningerne ikke er bekræftet."))
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        """A hidden offer (``stale_since``, as for ``serve``) is in no sitemap."""
        return [] if self.stale_since is not None else super().get_sitemap_urls(request)

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            self.municipality = self.municipality_from_tree()
            place_from_postcode(self)
        return super().save(*args, **kwargs)

    def municipality_from_tree(self):
        if not self.path or self.depth is None or self.depth < 2:
            return None
        parent_path = self.path[: -self.steplen]
        return MunicipalityPage.objects.filter(path=parent_path).first()

    # What the templates show

    @property
    def formats(self):
        """The formats as (slug, label) pairs, in the order of offer-format.md."""
        return [(slug, label) for slug, (name, label) in FORMATS.items() if getattr(self, name)]

    @cached_property
    def target_group_list(self):
        """The target groups, read once for the page (its list and its ages)."""
        return list(self.target_groups.all())

    @cached_property
    def schedule_list(self):
        """The recurring times, read once for the page (next occasion, calendar link)."""
        return list(self.schedules.all())

    @property
    def next_occasion(self):
        """When the offer next meets (``offers.schedules.Occasion``), or None."""
        return next_occasion(self.schedule_list, timezone.now())

    @property
    def age_range(self):
        """The ages the offer is for, as text: its own range, or else its target groups'
        spans (``offers.rules.ages_of_groups``): "Ældre (65+ år)" reads "Fra 65 år"."""
        low, high = self.age_min, self.age_max
        if low is None and high is None:
            low, high = ages_of_groups(
                (group.age_min, group.age_max) for group in self.target_group_list
            )
        return age_text(low, high)

    @property
    def description_paragraphs(self):
        return [
            p.strip() for p in self.description.replace("\r\n", "\n").split("\n\n") if p.strip()
        ]
