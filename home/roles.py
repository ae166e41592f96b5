"""Who may do what: national editors everywhere, local administrators in their municipality.

Roles are Django groups. National editors are one group, set up after every ``migrate``
(``ensure_national_editors``). Each municipality has its own local-administrator group,
created and kept in step by ``home.municipalities.provision_municipality``.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from .models import MunicipalityPage

NATIONAL_EDITORS = "Nationale redaktører"

#: Page permissions: national editors on the whole tree, local administrators on their municipality.
PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
#: Image and document permissions in a collection.
COLLECTION_PERMISSIONS = {
    "wagtailimages": ("add_image", "change_image", "delete_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "delete_document", "choose_document"),
}
#: Model permissions of national editors: the shared vocabulary, organisations, search picks.
NATIONAL_MODEL_PERMISSIONS = {
    "offers": [
        f"{action}_{model}"
        for model in ("lifesituation", "targetgroup", "offerkind", "providertype", "language")
        for action in ("add", "change", "delete", "view")
    ]
    + ["add_organisation", "change_organisation", "delete_organisation", "view_organisation"]
    + ["change_errorreport", "delete_errorreport", "view_errorreport"],
    "wagtailsearchpromotions": [
        "add_searchpromotion",
        "change_searchpromotion",
        "delete_searchpromotion",
    ],
    "home": ["change_sitesettings"],
    "search": [f"{action}_lifesituationphrase" for action in ("add", "change", "delete", "view")],
}
#: Model permissions of local administrators; which objects they reach is scoped per municipality.
LOCAL_MODEL_PERMISSIONS = {
    "offers": [
        "add_organisation",
        "change_organisation",
        "view_organisation",
        "change_errorreport",
        "view_errorreport",
    ],
}


def _permissions(by_app):
    query = Q()
    for app_label, codenames in by_app.items():
        query |= Q(content_type__app_label=app_label, codename__in=codenames)
    return Permission.objects.filter(query)


def admin_access_permission():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def grant_page_permissions(group, page):
    page_type = ContentType.objects.get_for_model(Page)
    for permission_type in PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type=page_type, codename=f"{permission_type}_page"
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def grant_collection_permissions(group, collection):
    for permission in _permissions(COLLECTION_PERMISSIONS):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def ensure_national_editors():
    """Create or complete the national editors' group. Idempotent."""
    group, _ = Group.objects.get_or_create(name=NATIONAL_EDITORS)
    group.permissions.add(admin_access_permission(), *_permissions(NATIONAL_MODEL_PERMISSIONS))
    grant_page_permissions(group, Page.get_first_root_node())
    grant_collection_permissions(group, Collection.get_first_root_node())
    return group


def setup_local_group(group):
    group.permissions.add(admin_access_permission(), *_permissions(LOCAL_MODEL_PERMISSIONS))


# Asking about a user. Answers are cached on the user object for the request.


def is_national_editor(user):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_is_national_editor"):
        user._is_national_editor = user.groups.filter(name=NATIONAL_EDITORS).exists()
    return user._is_national_editor


def municipalities_of(user):
    """The municipality pages whose local administrator ``user`` is (source language only)."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_municipalities"):
        user._municipalities = list(
            MunicipalityPage.objects.filter(admin_group__user=user).order_by("title")
        )
    return user._municipalities


def municipality_paths_of(user):
    """Tree paths of the user's municipalities and of their translations."""
    own = municipalities_of(user)
    if not own:
        return []
    if not hasattr(user, "_municipality_paths"):
        user._municipality_paths = list(
            MunicipalityPage.objects.filter(
                translation_key__in=[m.translation_key for m in own]
            ).values_list("path", flat=True)
        )
    return user._municipality_paths


def pages_of(user, model=Page):
    """Pages (of ``model``) inside the user's municipalities."""
    paths = municipality_paths_of(user)
    if not paths:
        return model.objects.none()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return model.objects.filter(query)


def municipality_for_page(page):
    """The municipality (source-language page) that ``page`` belongs to, or None if national."""
    steplen = Page.steplen
    ancestors = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    municipality = MunicipalityPage.objects.filter(path__in=ancestors).first()
    if municipality is not None and municipality.admin_group_id is None:
        source = MunicipalityPage.objects.filter(
            translation_key=municipality.translation_key, admin_group__isnull=False
        ).first()
        municipality = source or municipality
    return municipality


def approver_users(page):
    """Who answers for ``page``: its municipality's local administrators, or the national
    editors for a national page. Used for every mail about a page, so none crosses over."""
    municipality = municipality_for_page(page)
    if municipality is not None and municipality.admin_group_id:
        approvers = Q(groups=municipality.admin_group_id)
    else:
        approvers = Q(groups__name=NATIONAL_EDITORS)
    return get_user_model().objects.filter(approvers, is_active=True).distinct()


def user_can_moderate_page(user, page):
    if is_national_editor(user):
        return True
    municipality = municipality_for_page(page)
    return municipality is not None and any(
        m.pk == municipality.pk for m in municipalities_of(user)
    )
