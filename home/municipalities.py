"""Adding a municipality: one code path for the admin, the import and the command line."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Collection, Locale

from .models import HomePage, MunicipalityPage
from .slugs import danish_slugify


class MunicipalityError(Exception):
    pass


def national_home_page() -> HomePage:
    home = HomePage.objects.filter(depth=2, locale=Locale.get_default()).order_by("path").first()
    if home is None:
        raise MunicipalityError(
            _("Der er ingen national forside. Kør 'manage.py load_demo' eller opret den i admin.")
        )
    return home


def find_municipality(name: str) -> MunicipalityPage | None:
    return (
        MunicipalityPage.objects.filter(locale=Locale.get_default(), title__iexact=name.strip())
        .order_by("path")
        .first()
    )


@transaction.atomic
def create_municipality(name: str, *, intro: str = "") -> MunicipalityPage:
    """Create and publish a municipality's front page under the national front page.

    Creating the page, here or in the admin, provisions the rest (see ``signals``).
    """
    name = name.strip()
    if not name:
        raise MunicipalityError(_("En kommune skal have et navn."))
    slug = danish_slugify(name)
    if not slug:
        raise MunicipalityError(_('Kommunenavnet "%(name)s" giver ingen adresse.') % {"name": name})
    home = national_home_page()
    page = MunicipalityPage(title=name, slug=slug, intro=intro)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def get_or_create_municipality(name: str) -> tuple[MunicipalityPage, bool]:
    existing = find_municipality(name)
    if existing is not None:
        return existing, False
    return create_municipality(name), True


def provision_municipality(page: MunicipalityPage) -> None:
    """Set up what a municipality needs besides its page. Idempotent.

    Only the source-language page is provisioned; translations and aliases share it.
    """
    if page.alias_of_id or page.locale_id != Locale.get_default().pk:
        return
    root = Collection.get_first_root_node()
    if not root.get_children().filter(name=page.title).exists():
        root.add_child(name=page.title)
