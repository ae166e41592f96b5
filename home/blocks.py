"""The blocks a municipality's local administrators build their front page from.

Each block has its own template in ``templates/components/blocks/``. The municipality's page
template renders them with ``{% include_block %}``, so the templates also see the page's context
(``page``, ``request``).

The models are named by string (``"offers.OfferPage"``): ``offers.models`` imports ``home.models``,
which imports this module.
"""

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .localization import default_locale_id, localized_pages

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]
NOTICE_FEATURES = ["bold", "italic", "link", "ul"]

LINK_PAGE_OR_URL = _("Vælg en side eller skriv en webadresse – ikke begge.")


class HeadedBlock(blocks.StructBlock):
    """A block whose optional ``heading`` falls back to ``default_heading``.

    The block always gets its h2, so the headings on the front page stay in order.
    """

    default_heading = ""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["heading"] = value.get("heading") or self.default_heading
        return context


def heading_block(default):
    return blocks.CharBlock(
        label=_("Overskrift"),
        required=False,
        max_length=120,
        default=default,
        help_text=_("Står over blokken. Lad den stå tom for at bruge standardoverskriften."),
    )


class IntroTextBlock(blocks.RichTextBlock):
    class Meta:
        label = _("Tekst")
        icon = "pilcrow"
        template = "components/blocks/text.html"


class LifeSituationsBlock(HeadedBlock):
    default_heading = _("Særligt i fokus")

    heading = heading_block(default_heading)
    situations = blocks.ListBlock(
        SnippetChooserBlock("offers.LifeSituation", label=_("Livssituation")),
        label=_("Livssituationer"),
        min_num=1,
    )

    class Meta:
        label = _("Fremhævede livssituationer")
        icon = "help"
        template = "components/blocks/life_situations.html"
        help_text = _(
            "Hver livssituation bliver et link til kommunens tilbud om netop den, fx alle "
            "tilbud om sorg og tab."
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["situations"] = [situation for situation in value["situations"] if situation]
        return context


class OfferChooserBlock(blocks.PageChooserBlock):
    """Chooses an offer (OfferPage).

    All the offers chosen in a page's body are loaded in one query, together with what the offer
    card shows, however many there are.
    """

    card_relations = ("organisation", "municipality")

    def __init__(self, **kwargs):
        super().__init__(page_type="offers.OfferPage", **kwargs)

    def bulk_to_python(self, values):
        found = self.model_class.objects.select_related(*self.card_relations).in_bulk(values)
        result, seen = [], set()
        for pk in values:
            offer = found.get(pk)
            if offer is not None and pk in seen:
                offer = copy.copy(offer)  # like ChooserBlock: one instance per occurrence
            result.append(offer)
            seen.add(pk)
        return result


class FeaturedOffersBlock(HeadedBlock):
    default_heading = _("Udvalgte tilbud")

    heading = heading_block(default_heading)
    offers = blocks.ListBlock(
        OfferChooserBlock(label=_("Tilbud")),
        label=_("Tilbud"),
        min_num=1,
    )

    class Meta:
        label = _("Udvalgte tilbud")
        icon = "doc-full"
        template = "components/blocks/offers.html"
        help_text = _(
            "Vælg de tilbud, der skal vises øverst. Et tilbud, der ikke er offentliggjort "
            "eller er skjult, fordi oplysningerne ikke er bekræftet, vises ikke."
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        offers = [offer for offer in value["offers"] if offer is not None]
        page = (parent_context or {}).get("page")
        locale_id = getattr(page, "locale_id", None)
        if offers and locale_id is not None:
            # On a translated front page: each offer's translation, where it has one.
            offers = localized_pages(
                offers, locale_id, select_related=["organisation", "municipality"]
            )
        # Unpublished offers and offers hidden for want of confirmation (stale) are left out.
        context["offers"] = [offer for offer in offers if offer.live and offer.stale_since is None]
        return context


class NoticeBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Overskrift"), max_length=120)
    date = blocks.DateBlock(
        label=_("Dato"),
        required=False,
        help_text=_("Fx dagen for nyheden eller for et arrangement."),
    )
    text = blocks.RichTextBlock(label=_("Tekst"), required=False, features=NOTICE_FEATURES)
    link_page = blocks.PageChooserBlock(
        label=_("Link til en side på Socialkompas"),
        required=False,
    )
    link_url = blocks.URLBlock(
        label=_("… eller link til en anden hjemmeside"),
        required=False,
        help_text=_("Fx https://www.kolding.dk/frivillig"),
    )
    link_text = blocks.CharBlock(
        label=_("Linktekst"),
        required=False,
        max_length=120,
        help_text=_(
            'Sig, hvor linket fører hen, fx "Læs om informationsmødet". Tom: sidens titel bruges.'
        ),
    )

    class Meta:
        label = _("Nyhed eller besked")
        icon = "info-circle"
        template = "components/blocks/notice.html"
        help_text = _("En kort nyhed eller besked, fx om et arrangement. Linket er valgfrit.")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["link_page"] and value["link_url"]:
            errors["link_url"] = ValidationError(LINK_PAGE_OR_URL)
        elif value["link_url"] and not value["link_text"]:
            errors["link_text"] = ValidationError(
                _("Skriv en linktekst, der siger, hvor linket fører hen.")
            )
        elif value["link_text"] and not (value["link_page"] or value["link_url"]):
            errors["link_text"] = ValidationError(
                _("Vælg en side eller skriv en webadresse til linket, eller slet linkteksten.")
            )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Linktekst"),
        max_length=120,
        help_text=_('Sig, hvor linket fører hen, fx "Frivilligcenter Kolding".'),
    )
    page = blocks.PageChooserBlock(label=_("Side på Socialkompas"), required=False)
    url = blocks.URLBlock(label=_("… eller webadresse"), required=False)

    class Meta:
        label = _("Link")
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        if bool(value["page"]) == bool(value["url"]):
            raise blocks.StructBlockValidationError(
                non_block_errors=[ValidationError(LINK_PAGE_OR_URL)]
            )
        return value


class LinksBlock(HeadedBlock):
    default_heading = _("Nyttige links")

    heading = heading_block(default_heading)
    links = blocks.ListBlock(LinkBlock(), label=_("Links"), min_num=1)

    class Meta:
        label = _("Links")
        icon = "link"
        template = "components/blocks/links.html"
        help_text = _("En liste med links til sider her eller på andre hjemmesider.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # A link to a page that is not (or no longer) published is left out.
        links = [
            link
            for link in value["links"]
            if (link["page"].live if link["page"] else bool(link["url"]))
        ]
        page = (parent_context or {}).get("page")
        context["links"] = localized_links(links, getattr(page, "locale_id", None))
        return context


def localized_links(links, locale_id):
    """The links as shown on a page in ``locale_id``: a linked page by its translation there,
    where it has one (one query, only on a translated front page), and a link text that is the
    linked page's own title by the translation's title; a page without a translation keeps
    its Danish title, marked ``lang`` (the source language)."""
    pages = [link["page"] for link in links if link["page"]]
    found = {}
    if locale_id is not None and any(p.locale_id != locale_id for p in pages):
        found = {p.pk: t for p, t in zip(pages, localized_pages(pages, locale_id), strict=True)}
    shown = []
    for link in links:
        page, title, lang = link["page"], link["title"], ""
        if page is not None and page.pk in found:
            translation = found[page.pk]
            if title == page.title:
                if translation.locale_id == locale_id:
                    title = translation.title
                elif translation.locale_id == default_locale_id():
                    lang = settings.LANGUAGE_CODE
            page = translation
        shown.append({"title": title, "page": page, "url": link["url"], "lang": lang})
    return shown


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        label=_("Navn eller overskrift"),
        max_length=120,
        default=_("Kontakt til det lokale team"),
        help_text=_('Fx "Frivilligcenter Kolding".'),
    )
    text = blocks.TextBlock(label=_("Tekst"), required=False)
    phone = blocks.CharBlock(label=_("Telefon"), required=False, max_length=40)
    email = blocks.EmailBlock(label=_("E-mail"), required=False)
    address = blocks.TextBlock(label=_("Adresse"), required=False, rows=3)
    opening_hours = blocks.TextBlock(
        label=_("Åbningstider"),
        required=False,
        rows=3,
        help_text=_("Fx: Mandag-torsdag kl. 10-15. Skriv hver dag på sin egen linje."),
    )

    class Meta:
        label = _("Kontakt til det lokale team")
        icon = "user"
        template = "components/blocks/contact.html"
        help_text = _("Hvem borgere og foreninger kan kontakte. Kun navnet skal udfyldes.")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Billede"))
    alt_text = blocks.CharBlock(
        label=_("Alternativ tekst"),
        max_length=250,
        help_text=_(
            "Beskriv billedet for dem, der ikke kan se det, fx "
            '"Frivillige og gæster drikker kaffe i haven".'
        ),
    )
    caption = blocks.CharBlock(
        label=_("Billedtekst"),
        required=False,
        max_length=250,
        help_text=_("Vises under billedet, fx hvem der har taget det."),
    )

    class Meta:
        label = _("Billede")
        icon = "image"
        template = "components/blocks/image.html"

    def clean(self, value):
        errors = {}
        try:
            cleaned = super().clean(value)
        except blocks.StructBlockValidationError as e:
            errors = dict(e.block_errors)
            cleaned = None
        if not (value.get("alt_text") or "").strip():
            errors["alt_text"] = ValidationError(
                _("Skriv en alternativ tekst, der beskriver billedet for dem, der ikke kan se det.")
            )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return cleaned


class MunicipalityBlocks(blocks.StreamBlock):
    """What a municipality's front page can be built from."""

    text = IntroTextBlock(
        features=TEXT_FEATURES,
        help_text=_("Almindelig tekst med overskrifter, lister og links."),
    )
    life_situations = LifeSituationsBlock()
    offers = FeaturedOffersBlock()
    notice = NoticeBlock()
    links = LinksBlock()
    contact = ContactBlock()
    image = CaptionedImageBlock()
