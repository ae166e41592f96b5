from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import page_cache
from .models import ContentPage, HomePage, MunicipalityPage, SiteSettings
from .municipalities import ensure_national_workflow, provision_municipality, retire_municipality
from .roles import ensure_national_editors


@receiver(post_save, sender=MunicipalityPage)
def provision_saved_municipality(sender, instance, created, raw=False, update_fields=None, **kw):
    """Every way of adding a municipality (admin, import, command) ends here; a rename too."""
    if raw:
        return
    if created or update_fields is None or "title" in update_fields:
        provision_municipality(instance)


@receiver(post_delete, sender=MunicipalityPage)
def retire_deleted_municipality(sender, instance, **kwargs):
    retire_municipality(instance)


#: Apps whose permissions the roles use; created here because post_migrate reaches this app
#: before theirs.
ROLE_APPS = (
    "wagtailcore",
    "wagtailadmin",
    "wagtailimages",
    "wagtaildocs",
    "wagtailsearchpromotions",
    "offers",
    "home",
    "search",
)


def ensure_roles(sender, using="default", **kwargs):
    """After every migrate: the national editors' group and the workflow for national pages."""
    for label in ROLE_APPS:
        app_config = apps.get_app_config(label)
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)
    ensure_national_editors()
    ensure_national_workflow()


def connect_post_migrate(app_config):
    post_migrate.connect(ensure_roles, sender=app_config, dispatch_uid="socialkompas-roles")


# The page cache (home.page_cache): home's pages are stored, and every change to a page
# (published, unpublished, moved) makes them stale, as does one to what they show.
page_cache.store_pages_of(HomePage, MunicipalityPage, ContentPage)
page_cache.invalidate_on_change(HomePage, MunicipalityPage, ContentPage, SiteSettings)
page_published.connect(page_cache.invalidate, dispatch_uid="page-cache-published")
page_unpublished.connect(page_cache.invalidate, dispatch_uid="page-cache-unpublished")
post_page_move.connect(page_cache.invalidate, dispatch_uid="page-cache-moved")
