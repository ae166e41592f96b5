import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from demo.content import CONTENT_PAGES, HOME_INTRO, MUNICIPALITIES
from demo.english import translate_demo
from home.models import ContentPage, HomePage, MunicipalityPage, SiteSettings
from home.municipalities import create_municipality, find_municipality
from home.roles import NATIONAL_EDITORS
from home.slugs import danish_slugify
from offers.importing import OfferImporter
from offers.models import LifeSituation, OfferKind, OfferPage, Organisation

DEMO_CSV = Path(settings.BASE_DIR) / "demo" / "demo_offers.csv"
DEFAULT_PASSWORD = "socialkompas"  # noqa: S105 - a demo login, printed on purpose


def _is_placeholder(page):
    """A page migrate made with placeholder text (home.0007) and nobody has edited since: it has
    no revision (every save in the admin makes one). The demo puts its own text in it."""
    return page.latest_revision_id is None and not page.revisions.exists()


class Command(BaseCommand):
    help = (
        "Byg demoindholdet: national forside, Kolding og Mariagerfjord, tekstsider, "
        "demo-tilbud fra CSV og en admin-bruger. Kan køres igen uden at lave dubletter."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Gør intet, hvis portalen allerede har kommuner eller tilbud.",
        )
        parser.add_argument(
            "--no-translations",
            action="store_true",
            help="Lav ikke de engelske oversættelser af demosiderne.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Kør også når DEBUG er slået fra (fx i en demo-installation).",
        )

    def handle(self, *args, if_empty, force, no_translations=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("load_demo er til udvikling. Brug --force, hvis du mener det.")
        # migrate makes the national front page and its text pages (home.0007), so "empty" is a
        # portal without municipalities and offers.
        if if_empty and (MunicipalityPage.objects.exists() or OfferPage.objects.exists()):
            self.stdout.write("Demoindholdet findes allerede (portalen har kommuner eller tilbud).")
            self._print_login(created=False)
            return

        with transaction.atomic():
            home = self._home_page()
            self._content_pages(home)
            for municipality in MUNICIPALITIES:
                if find_municipality(municipality["name"]) is None:
                    page = create_municipality(municipality["name"], intro=municipality["intro"])
                    page.contact_text = municipality["contact_text"]
                    page.save_revision().publish()
            result = OfferImporter().import_path(DEMO_CSV)
            for error in result.errors:
                self.stderr.write(f"Fejl: {error}")
            if result.errors:
                raise CommandError("Demo-tilbuddene kunne ikke importeres; intet er gemt.")
            self.stdout.write(f"Demo-tilbud: {result.summary()}")
            self._front_page_blocks(home)
            self._pending_submissions()
            translated = 0 if no_translations else translate_demo()
            if translated:
                self.stdout.write(f"Oversat til engelsk: {translated} sider (se /en/).")
            created = self._users()
        self._print_login(created)

    def _home_page(self):
        home = HomePage.objects.filter(depth=2).first()
        root = Page.get_first_root_node()
        if home is None:
            # Wagtail's own "Welcome" page is replaced by the national front page.
            Page.objects.filter(depth=2, content_type__model="page").delete()
            root = Page.get_first_root_node()
            home = HomePage(title="Socialkompas", slug="socialkompas", intro=HOME_INTRO)
            root.add_child(instance=home)
            home.save_revision().publish()
        elif _is_placeholder(home):
            home.intro = HOME_INTRO
            home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True,
                site_name="Socialkompas",
            )  # fmt: skip
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = "Socialkompas"
            site.save()
        return home

    def _content_pages(self, home):
        site_settings = SiteSettings.load()
        for spec in CONTENT_PAGES:
            page = ContentPage.objects.child_of(home).filter(slug=spec["slug"]).first()
            if page is None:
                page = ContentPage(
                    title=spec["title"], slug=spec["slug"], intro=spec["intro"], body=spec["body"]
                )
                home.add_child(instance=page)
                page.save_revision().publish()
            elif _is_placeholder(page):
                page.intro, page.body = spec["intro"], spec["body"]
                page.save_revision().publish()
            setattr(site_settings, spec["setting"], page)
        site_settings.contact_email = (
            site_settings.contact_email or "kontakt@socialkompas.example.org"
        )
        site_settings.save()

    def _front_page_blocks(self, home):
        """Give each demo municipality its front page blocks, unless it has some already."""
        ids = {
            "situations": dict(LifeSituation.objects.values_list("slug", "pk")),
            "offers": dict(
                OfferPage.objects.filter(external_id__isnull=False).values_list("external_id", "pk")
            ),
            "pages": dict(Page.objects.child_of(home).values_list("slug", "pk")),
        }

        def lookup(kind, key):
            if key not in ids[kind]:
                raise CommandError(f"Demoindholdet nævner {key!r}, som ikke findes.")
            return ids[kind][key]

        for spec in MUNICIPALITIES:
            page = find_municipality(spec["name"])
            if page is None:
                continue
            page = page.get_latest_revision_as_object()
            if page.body:
                continue
            body = []
            for block in spec["body"]:
                value = dict(block["value"])
                if block["type"] == "life_situations":
                    value["situations"] = [lookup("situations", s) for s in value["situations"]]
                elif block["type"] == "offers":
                    value["offers"] = [lookup("offers", o) for o in value["offers"]]
                elif block["type"] == "links":
                    value["links"] = [
                        {**link, "page": link["page"] and lookup("pages", link["page"])}
                        for link in value["links"]
                    ]
                body.append({"type": block["type"], "value": value})
            page.body = body
            page.save_revision().publish()

    def _users(self):
        """The demo's people: a superuser, a national editor and one local administrator per
        municipality. Returns True if they were created now."""
        user_model = get_user_model()
        if user_model.objects.filter(username="admin").exists():
            return False
        password = os.environ.get("DEMO_ADMIN_PASSWORD", DEFAULT_PASSWORD)
        user_model.objects.create_superuser("admin", "admin@example.org", password)
        editor = user_model.objects.create_user(
            "redaktoer", "redaktoer@example.org", password, first_name="Nanna (national redaktør)"
        )
        editor.groups.add(Group.objects.get(name=NATIONAL_EDITORS))
        for spec in MUNICIPALITIES:
            municipality = find_municipality(spec["name"])
            username = municipality.slug
            user = user_model.objects.create_user(
                username,
                f"{username}@example.org",
                password,
                first_name=f"Lokal administrator i {municipality.title}",
            )
            user.groups.add(municipality.admin_group)
        return True

    def _pending_submissions(self):
        """One new offer per municipality waiting for its local administrators' approval, as an
        association would submit it."""
        for spec in MUNICIPALITIES:
            municipality = find_municipality(spec["name"])
            data = spec["pending_offer"]
            if OfferPage.objects.child_of(municipality).filter(slug=data["slug"]).exists():
                continue
            offer = OfferPage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                schedule=data["schedule"],
                is_physical=True,
                live=False,
                organisation=Organisation.objects.get(
                    name=data["organisation"], municipality=municipality
                ),
            )
            offer.life_situations.set(LifeSituation.objects.filter(slug__in=data["situations"]))
            offer.offer_kinds.set(OfferKind.objects.filter(slug__in=data["kinds"]))
            municipality.add_child(instance=offer)
            offer.save_revision()
            offer.get_workflow().start(offer, None)

    def _print_login(self, created):
        if not get_user_model().objects.filter(username="admin").exists():
            return
        password = os.environ.get("DEMO_ADMIN_PASSWORD", DEFAULT_PASSWORD)
        note = "" if created else " (medmindre de er ændret siden)"
        self.stdout.write("")
        # The configured address (make run sets it from HOST and PORT), as the e-mails use.
        self.stdout.write(f"Admin: {settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/")
        self.stdout.write(f"  adgangskode for alle demo-brugere: {password}{note}")
        self.stdout.write("  brugernavn: admin          (superbruger)")
        self.stdout.write("  brugernavn: redaktoer      (national redaktør)")
        for spec in MUNICIPALITIES:
            slug = danish_slugify(spec["name"])
            self.stdout.write(f"  brugernavn: {slug:<14} (lokal administrator, {spec['name']})")
