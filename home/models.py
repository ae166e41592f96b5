from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from . import routes
from .blocks import MunicipalityBlocks
from .embedding import EMBED_ORIGINS_HELP, EmbedSnippetPanel, validate_embed_origins
from .localization import localized_pages, source_version


class RegisteredRoutesMixin(RoutablePageMixin):
    """A page serving the routes the apps register for its kind of page (home.routes)."""

    #: ``routes.MUNICIPALITY``, ``routes.NATIONAL``, or a kind an app names for its pages.
    route_kind = None

    @classmethod
    def get_subpage_urls(cls):
        return super().get_subpage_urls() + tuple(routes.url_patterns(cls.route_kind))


class ReservedSlugMixin:
    """Keeps child pages off the slugs that the parent's routes use."""

    def clean(self):
        super().clean()
        if self.slug in routes.reserved_child_slugs():
            raise ValidationError(
                {
                    "slug": _('Adressen "%(slug)s" er reserveret. Vælg en anden.')
                    % {"slug": self.slug}
                }
            )


class HomePage(RegisteredRoutesMixin, Page):
    """The national front page: the root of the portal."""

    route_kind = routes.NATIONAL

    intro = RichTextField(
        _("Introduktion"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Kort tekst øverst på den nationale forside."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.MunicipalityPage", "offers.OfferPage", "home.ContentPage"]
    #: No privacy (password, login, groups) on the pages above offers: every listing, search and
    #: feed of the portal shows live offers as public, so an offer is public or not published.
    private_page_options = []

    class Meta:
        verbose_name = _("national forside")
        verbose_name_plural = _("nationale forsider")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # In another language: every municipality, translated where it is (the national
        # offers: offers' template tag national_offers).
        source = source_version(self)
        context["municipalities"] = localized_pages(
            MunicipalityPage.objects.live().child_of(source).order_by("title"), self.locale_id
        )
        return context


class MunicipalityPage(ReservedSlugMixin, RegisteredRoutesMixin, Page):
    """A municipality's subsite root and front page, e.g. /kolding/."""

    route_kind = routes.MUNICIPALITY

    intro = RichTextField(
        _("Introduktion"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_('Velkomsttekst på kommunens forside, under "Hvad står du i?".'),
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
    embed_origins = models.TextField(
        _("Hjemmesider, der må indlejre Socialkompas"),
        blank=True,
        validators=[validate_embed_origins],
        help_text=EMBED_ORIGINS_HELP,
    )
    body = StreamField(
        MunicipalityBlocks(),
        verbose_name=_("Forsidens indhold"),
        blank=True,
        help_text=_(
            "Byg forsiden af blokke: tekst, nyheder, udvalgte tilbud, links, billeder og "
            'kontakt. Blokkene vises under "Hvad står du i?" og velkomstteksten.'
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
        MultiFieldPanel(
            [FieldPanel("embed_origins"), EmbedSnippetPanel()],
            _("Indlejring på kommunens hjemmeside"),
        ),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["offers.OfferPage", "home.ContentPage"]
    #: See HomePage.private_page_options.
    private_page_options = []
    #: A translation shares the source page's group and collection (see provision_municipality).
    exclude_fields_in_copy = ["admin_group", "collection"]
    #: The websites that may frame the subsite are the same in every language.
    override_translatable_fields = [SynchronizedField("embed_origins")]

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")


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
    """Settings shown on every page of the portal (footer and contact).

    No free text: a setting is the same in every language (Wagtail keeps one per site, not one
    per locale), so what the footer says is in the catalogs (gettext) and the texts an operator
    writes are pages (translated with wagtail-localize), chosen here and shown in the reader's
    language. The contact details are the same in every language."""

    #: The pages chosen here, by the names templates know them by (the ``site_pages`` tag shows
    #: each in the reader's language). The footer links to them on every page: they are read
    #: with the settings, in one query.
    PAGES = {
        "about": "about_page",
        "privacy": "privacy_page",
        "accessibility": "accessibility_page",
    }
    select_related = list(PAGES.values())

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
