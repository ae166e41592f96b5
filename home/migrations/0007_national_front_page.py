"""Go live from nothing: the national front page as the default site's root, with the pages every
portal needs (about, privacy, accessibility statement) holding placeholder text to edit.

As Wagtail's project template does (its home/migrations/0002_create_homepage.py): Wagtail's
"Welcome" page is replaced. Nothing happens on a database that has a national front page
already (e.g. where load_demo ran). The pages get no revision: load_demo recognises them that
way as never edited and puts its demo text in them; any edit in the admin makes a revision.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant

STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's MP_Node.alphabet

EDIT_NOTE = "<p><em>Pladsholdertekst: ret den i admin under Sider.</em></p>"

HOME = {
    "title": "Socialkompas",
    "slug": "socialkompas",
    "intro": (
        "<p>Socialkompas samler gratis sociale tilbud fra frivillige foreninger og kommunernes "
        "åbne tilbud. Find hjælp, fællesskab og rådgivning ud fra det, du står i.</p>"
    ),
}

#: (SiteSettings field, title, slug, intro, body)
CONTENT_PAGES = [
    (
        "about_page",
        "Om Socialkompas",
        "om-socialkompas",
        "Socialkompas er en portal med gratis sociale tilbud i kommunerne.",
        "<h2>Hvem står bag?</h2>"
        "<p>Skriv her, hvem der driver portalen, og hvordan man kontakter jer.</p>" + EDIT_NOTE,
    ),
    (
        "privacy_page",
        "Privatlivspolitik",
        "privatlivspolitik",
        "Sådan behandler Socialkompas oplysninger om dig.",
        "<h2>Dataansvarlig</h2>"
        "<p>Skriv her, hvem der er dataansvarlig, hvilke oplysninger der behandles, hvor længe de "
        "gemmes, og hvordan man kontakter jer eller klager til Datatilsynet.</p>" + EDIT_NOTE,
    ),
    (
        "accessibility_page",
        "Tilgængelighedserklæring",
        "tilgaengelighedserklaering",
        "Socialkompas skal kunne bruges af alle.",
        "<h2>Overholdelse</h2>"
        "<p>Skriv her, hvordan portalen overholder WCAG 2.1 niveau AA, hvilke kendte problemer "
        "der er, og hvordan man giver feedback eller klager til Digitaliseringsstyrelsen.</p>"
        + EDIT_NOTE,
    ),
]


def _step(number):
    digits = ""
    for _ in range(STEPLEN):
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits


def _next_child_path(parent, Page):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
    return parent.path + _step(number)


def _site_address():
    """The default site's hostname and port: from WAGTAILADMIN_BASE_URL when it is set (the
    portal's public address, e.g. https://socialkompas.example.org), else localhost:80."""
    base_url = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "")
    if not base_url.hostname:
        return "localhost", 80
    return base_url.hostname, base_url.port or (443 if base_url.scheme == "https" else 80)


def create_front_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    ContentPage = apps.get_model("home.ContentPage")
    SiteSettings = apps.get_model("home.SiteSettings")

    if HomePage.objects.exists():
        return
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return

    # Wagtail's "Welcome" page (wagtailcore.0002_initial_data), if nobody has built on it; its
    # site goes with it (Site.root_page cascades).
    Page.objects.filter(
        depth=2,
        slug="home",
        numchild=0,
        content_type__app_label="wagtailcore",
        content_type__model="page",
    ).delete()

    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale = Locale.objects.filter(language_code=language).first() or Locale.objects.first()
    now = timezone.now()
    common = {"locale": locale, "live": True, "first_published_at": now}
    common["last_published_at"] = now

    home_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    home = HomePage.objects.create(
        title=HOME["title"],
        draft_title=HOME["title"],
        slug=HOME["slug"],
        intro=HOME["intro"],
        content_type=home_type,
        path=_next_child_path(root, Page),
        depth=2,
        numchild=len(CONTENT_PAGES),
        url_path=f"/{HOME['slug']}/",
        **common,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])

    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="contentpage")
    site_settings = SiteSettings.objects.order_by("pk").first() or SiteSettings()
    for number, (setting, title, slug, intro, body) in enumerate(CONTENT_PAGES, start=1):
        page = ContentPage.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            intro=intro,
            body=body,
            content_type=content_type,
            path=home.path + _step(number),
            depth=3,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            **common,
        )
        if getattr(site_settings, f"{setting}_id") is None:
            setattr(site_settings, setting, page)
    site_settings.save()

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = _site_address()
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=HOME["title"],
        )
    else:
        site.root_page = home
        site.save(update_fields=["root_page"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_municipalitypage_embed_origins"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Forwards only: going back leaves the pages (they may have been edited since).
    operations = [migrations.RunPython(create_front_page, migrations.RunPython.noop)]
