from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import MunicipalityBlocks

#: Slugs taken by the routes of a municipality or the national front page; no child page may use
#: them, or the page would be hidden behind the route.
RESERVED_CHILD_SLUGS = frozenset({"soeg", "api", "opret-tilbud"})


class SearchScopeMixin(RoutablePageMixin):
    """A page whose ``soeg/`` route searches the offers in its scope."""

    @path("soeg/", name="search")
    def search_view(self, request):
        from search.views import search_offers_page

        return search_offers_page(request, self)


class AssociationRoutesMixin(RoutablePageMixin):
    """Pages where associations, without an account, add and keep their offers: the form to
    add one (municipalities only) and the private links sent to them by e-mail."""

    @path("opret-tilbud/", name="submit_offer")
    def submit_offer_view(self, request):
        from offers.submission_views import submit_offer

        return submit_offer(request, self)

    @path("opret-tilbud/ret/<int:offer_id>/<str:token>/", name="edit_offer")
    def edit_offer_view(self, request, offer_id, token):
        from offers.submission_views import edit_offer

        return edit_offer(request, self, offer_id, token)

    @path("opret-tilbud/bekraeft/<int:offer_id>/<str:token>/", name="confirm_offer")
    def confirm_offer_view(self, request, offer_id, token):
        from offers.freshness import confirm_offer_view

        return confirm_offer_view(request, self, offer_id, token)


class ReservedSlugMixin:
    """Keeps child pages off the slugs that the parent's routes use."""

    def clean(self):
        super().clean()
        if self.slug in RESERVED_CHILD_SLUGS:
            raise ValidationError(
                {
                    "slug": _('Adressen "%(slug)s" er reserveret. Vælg en anden.')
                    % {"slug": self.slug}
                }
            )


class HomePage(AssociationRoutesMixin, SearchScopeMixin, Page):
    """The national front page: the root of the portal."""

    intro = RichTextField(
        _("Introduktion"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Kort tekst øverst på den nationale forside."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.MunicipalityPage", "offers.OfferPage", "home.ContentPage"]

    class Meta:
        verbose_name = _("national forside")
        verbose_name_plural = _("nationale forsider")

    def get_context(self, request, *args, **kwargs):
        from offers.models import OfferPage

        context = super().get_context(request, *args, **kwargs)
        context["municipalities"] = MunicipalityPage.objects.live().child_of(self).order_by("title")
        context["national_offers"] = (
            OfferPage.objects.public()
            .child_of(self)
            .select_related("organisation")
            .order_by("title")
        )
        return context


class MunicipalityPage(ReservedSlugMixin, AssociationRoutesMixin, SearchScopeMixin, Page):
    """A municipality's subsite root and front page, e.g. /kolding/."""

    intro = RichTextField(
        _("Introduktion"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Velkomsttekst øverst på kommunens forside."),
    )
    contact_text = models.TextField(
        _("Kontakt til det lokale team"),
        blank=True,
        help_text=_("Fx frivilligcentrets adresse, telefon og e-mail."),
    )
    body = StreamField(
        MunicipalityBlocks(),
        verbose_name=_("Forsidens indhold"),
        blank=True,
        help_text=_(
            "Byg forsiden af blokke: tekst, nyheder, udvalgte tilbud, links, billeder og "
            'kontakt. Blokkene vises under velkomstteksten og over "Hvad står du i?".'
        ),
    )

    #: The municipality's local administrators and their image/document collection; wired up by
    #: ``home.municipalities.provision_municipality`` whenever the page is created or renamed.
    admin_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("lokale administratorer"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="municipality",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("samling"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="municipality",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("contact_text"),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["offers.OfferPage", "home.ContentPage"]

    NEWEST_OFFERS = 6

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def get_context(self, request, *args, **kwargs):
        from offers.models import LifeSituation, OfferPage

        context = super().get_context(request, *args, **kwargs)
        in_scope = OfferPage.objects.public().in_scope_of(self)
        context["life_situations"] = LifeSituation.objects.with_offer_counts(in_scope)
        context["newest_offers"] = (
            OfferPage.objects.public()
            .filter(municipality=self)
            .for_listing()
            .order_by("-first_published_at")[: self.NEWEST_OFFERS]
        )
        context["national_offers"] = (
            OfferPage.objects.public()
            .filter(municipality__isnull=True, locale_id=self.locale_id)
            .for_listing()
            .order_by("title")[:6]
        )
        return context


class ContentPage(ReservedSlugMixin, Page):
    """A plain text page: "Om Socialkompas", privacy, accessibility statement."""

    intro = models.TextField(_("Manchet"), blank=True)
    body = RichTextField(
        _("Brødtekst"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"],
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.MunicipalityPage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("indholdsside")
        verbose_name_plural = _("indholdssider")


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    """Settings shown on every page of the portal (footer and contact)."""

    contact_email = models.EmailField(_("Kontakt-e-mail"), blank=True)
    contact_phone = models.CharField(_("Kontakttelefon"), max_length=40, blank=True)
    about_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Om Socialkompas"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Privatlivspolitik"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Tilgængelighedserklæring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")], _("Kontakt")),
        MultiFieldPanel(
            [
                FieldPanel("about_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
            ],
            _("Sider i sidefoden"),
        ),
    ]

    class Meta:
        verbose_name = _("indstillinger for portalen")
