from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import MunicipalityBlocks
from .redaction import CONFIRM_LINK_ROUTE, EDIT_LINK_ROUTE

#: Slugs taken by the routes of a municipality or the national front page; no child page may use
#: them, or the page would be hidden behind the route.
RESERVED_CHILD_SLUGS = frozenset({"soeg", "api", "opret-tilbud", "min-liste", "plakat", "postkort"})


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

    # A private link (with its token, as mailed) and the same address without the token, where
    # the browser is sent once the token is exchanged for a grant in its session.
    @path(EDIT_LINK_ROUTE, name="edit_offer")
    @path("opret-tilbud/ret/<int:offer_id>/", name="edit_offer_granted")
    def edit_offer_view(self, request, offer_id, token=None):
        from offers.submission_views import edit_offer

        return edit_offer(request, self, offer_id, token)

    @path(CONFIRM_LINK_ROUTE, name="confirm_offer")
    @path("opret-tilbud/bekraeft/<int:offer_id>/", name="confirm_offer_granted")
    def confirm_offer_view(self, request, offer_id, token=None):
        from offers.confirmation_views import confirm_offer_view

        return confirm_offer_view(request, self, offer_id, token)


class ShortlistMixin(RoutablePageMixin):
    """A page whose ``min-liste/`` route shows a shortlist of offers in its scope, given in the
    address (``?tilbud=<id>&tilbud=<id>``): nothing is stored on the server."""

    @path("min-liste/", name="shortlist")
    def shortlist_view(self, request):
        from offers.shortlist import shortlist_page

        return shortlist_page(request, self)


class PromotionMixin(RoutablePageMixin):
    """A municipality's printable promotion material: an A4 poster and an A6 postcard with a QR
    code to its subsite."""

    @path("plakat/", name="poster")
    def poster_view(self, request):
        from home.promotion import promotion_page

        return promotion_page(request, self, "poster")

    @path("postkort/", name="postcard")
    def postcard_view(self, request):
        from home.promotion import promotion_page

        return promotion_page(request, self, "postcard")


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


class HomePage(ShortlistMixin, AssociationRoutesMixin, SearchScopeMixin, Page):
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

        from .localization import localized_pages, source_version

        context = super().get_context(request, *args, **kwargs)
        # In another language: every municipality and national offer, translated where it is.
        source = source_version(self)
        context["municipalities"] = localized_pages(
            MunicipalityPage.objects.live().child_of(source).order_by("title"), self.locale_id
        )
        context["national_offers"] = localized_pages(
            OfferPage.objects.public()
            .child_of(source)
            # Always true of a child of the front page; lets PostgreSQL find these few by
            # index instead of reading every offer below the front page for the depth.
            .filter(municipality__isnull=True)
            .select_related("organisation")
            .order_by("title"),
            self.locale_id,
            select_related=["organisation"],
        )
        return context


class MunicipalityPage(
    ReservedSlugMixin,
    PromotionMixin,
    ShortlistMixin,
    AssociationRoutesMixin,
    SearchScopeMixin,
    Page,
):
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
    promotion_text = models.TextField(
        _("Tekst på plakat og postkort"),
        max_length=300,
        blank=True,
        validators=[MaxLengthValidator(300)],
        help_text=_(
            "Et par sætninger til plakaten (A4) og postkortet (A6), som kommunen kan hænge op og "
            'dele ud. Tom: en standardtekst. Udskriv dem fra "Plakat" og "Postkort" i sidens '
            "menu (…) eller på kommunens adresse + plakat/ og postkort/."
        ),
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
        MultiFieldPanel([FieldPanel("promotion_text")], _("Plakat og postkort")),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["offers.OfferPage", "home.ContentPage"]
    #: A translation shares the source page's group and collection (see provision_municipality).
    exclude_fields_in_copy = ["admin_group", "collection"]

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
            # NULLS LAST (no offer lacks the date) also keeps PostgreSQL from walking the
            # date index of every page in the country to find this municipality's newest.
            .order_by(F("first_published_at").desc(nulls_last=True))[: self.NEWEST_OFFERS]
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

    # The footer links to these pages on every page: read with the settings, in one query.
    select_related = ["about_page", "privacy_page", "accessibility_page"]

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
