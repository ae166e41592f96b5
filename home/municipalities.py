"""Adding a municipality: one code path for the admin, the import and the command line."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, WorkflowPage

from .models import HomePage, MunicipalityPage
from .roles import grant_collection_permissions, grant_page_permissions, setup_local_group
from .slugs import danish_slugify

#: The Wagtail hook giving the approval workflow of the pages (the app that moderates them
#: registers it: ``offers/wagtail_hooks.py``): a function returning the ``Workflow``.
WORKFLOW_HOOK = "register_page_workflow"


class MunicipalityError(Exception):
    pass


def page_workflow():
    """The workflow of every municipality's pages and of the national ones, or None if no app
    gives one."""
    for hook in hooks.get_hooks(WORKFLOW_HOOK):
        return hook()
    return None


def national_home_page() -> HomePage:
    home = HomePage.objects.filter(depth=2, locale=Locale.get_default()).order_by("path").first()
    if home is None:
        raise MunicipalityError(
            _(
                "Der er ingen national forside. 'manage.py migrate' opretter den på en tom "
                "database; er den slettet, så opret en national forside direkte under roden i "
                "admin (Sider)."
            )
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


def group_name(page):
    return _("Lokal administrator – %(name)s") % {"name": page.title}


@transaction.atomic
def provision_municipality(page: MunicipalityPage) -> None:
    """Wire up what a municipality needs besides its page. Idempotent; also run on rename.

    - a local-administrator group with page permissions on the municipality's subtree only,
    - an image/document collection with permissions for that group,
    - the shared municipal approval workflow on the subtree.

    Only the source-language page is provisioned; translations and aliases share it.
    """
    if page.alias_of_id or page.locale_id != Locale.get_default().pk:
        return
    page = MunicipalityPage.objects.select_for_update().get(pk=page.pk)
    changed = []

    group = page.admin_group
    if group is None:
        group = Group.objects.filter(name=group_name(page), municipality__isnull=True).first()
        group = group or Group.objects.create(name=_unique_group_name(group_name(page)))
        page.admin_group = group
        changed.append("admin_group")
    elif group.name != group_name(page):
        group.name = _unique_group_name(group_name(page), exclude=group.pk)
        group.save(update_fields=["name"])
    setup_local_group(group)
    grant_page_permissions(group, page)

    collection = page.collection
    if collection is None:
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(
            name=page.title, municipality__isnull=True
        ).first() or root.add_child(name=page.title)
        page.collection = collection
        changed.append("collection")
    elif collection.name != page.title:
        collection.name = page.title
        collection.save(update_fields=["name"])
    grant_collection_permissions(group, collection)

    workflow = page_workflow()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})

    if changed:
        MunicipalityPage.objects.filter(pk=page.pk).update(
            **{name: getattr(page, name) for name in changed}
        )


def _unique_group_name(name, exclude=None):
    candidate, number = name, 1
    while Group.objects.filter(name=candidate).exclude(pk=exclude).exists():
        number += 1
        candidate = f"{name} ({number})"
    return candidate


def retire_municipality(page: MunicipalityPage) -> None:
    """A deleted municipality's group goes; its collection stays (images are not deleted) but
    is marked so it can be cleaned up by hand."""
    if page.admin_group_id:
        Group.objects.filter(pk=page.admin_group_id).delete()
    if page.collection_id:
        collection = Collection.objects.filter(pk=page.collection_id).first()
        if collection is not None:
            in_use = (
                get_image_model().objects.filter(collection=collection).exists()
                or get_document_model().objects.filter(collection=collection).exists()
            )
            if not in_use:
                collection.delete()
            else:
                collection.name = _("%(name)s (slettet kommune)") % {"name": collection.name}
                collection.save(update_fields=["name"])


def ensure_national_workflow() -> None:
    """National pages (and any page outside a municipality) use the same workflow."""
    root = Page.get_first_root_node()
    if root is None:
        return
    workflow = page_workflow()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
