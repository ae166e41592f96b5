"""Deny by default in the admin: a local administrator reaches only what is allowed here.

Every request under ``/admin/`` or ``/django-admin/`` by a signed-in user who is not a national
editor (nor a superuser) passes ``LocalAdministratorAccessMiddleware``. Its URL must be one of
the ``AdminArea``s that the apps register with the ``register_local_admin_areas`` hook, and every
argument in its URL (a page id, a revision, an image ...) must pass the check the area declares
for it. Anything else answers 403: a new admin view, from Wagtail or from us, is closed to local
administrators until somebody opens it here on purpose, with a scope for each of its arguments.

An area may also declare query parameters that name objects (``?id=3&id=4``); each value is
checked like a URL argument. ``strict_query`` makes an area answer 400 to any other parameter:
listings that turn parameters into filters use it (see ``home.admin_listing``).

The checks are small functions ``check(request, value, kwargs) -> bool``. This module holds those
for Wagtail's own objects (pages, revisions, workflow states, images, documents, uploads, editing
sessions); the apps above register their own (organisations, error reports) in their
``wagtail_hooks``. The admin menus drop items whose URL the user may not open.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.http import QueryDict
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from wagtail import hooks
from wagtail.admin.models import EditingSession
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, TaskState, UploadedFile, WorkflowState
from wagtail.permissions import policy_registry
from wagtail_localize import models as localize_models
from wagtail_localize.models import Translation, TranslationSource

from .admin_listing import undeclared_listing_parameter
from .admin_responses import bad_request_response, refused_response
from .roles import is_national_editor, municipality_paths_of

Check = Callable[[object, str, dict], bool]

HOOK_NAME = "register_local_admin_areas"


@dataclass(frozen=True)
class AdminArea:
    """One admin URL (by its namespaced name) a local administrator may open.

    ``kwargs``: a check for every argument of the URL pattern (an argument without one is
    refused). ``query``: checks for query parameters that name objects. ``strict_query``: if
    given, the only other query parameters accepted (any other is a 400).
    """

    view_name: str
    kwargs: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    strict_query: frozenset | None = None


def any_value(request, value, kwargs):
    return True


def one_of(*allowed):
    def check(request, value, kwargs):
        return str(value) in allowed

    return check


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# Pages


def _own_paths(request):
    return municipality_paths_of(request.user)


def _page_path(value):
    pk = _as_int(value)
    if pk is None:
        return None
    return Page.objects.filter(pk=pk).values_list("path", flat=True).first()


def page_in_scope(request, value, kwargs):
    """A page inside one of the user's municipalities (or their translations)."""
    path = _page_path(value)
    return path is not None and any(path.startswith(own) for own in _own_paths(request))


def page_in_scope_or_above(request, value, kwargs):
    """A page of the user's municipalities or one of the pages above them (to navigate by:
    the explorer and the chooser list only the pages below that the user may see)."""
    path = _page_path(value)
    return path is not None and any(
        path.startswith(own) or own.startswith(path) for own in _own_paths(request)
    )


def pages_in_chooser_scope(request, value, kwargs):
    """A page the page chooser would offer the user (``construct_page_chooser_queryset``)."""
    pk = _as_int(value)
    if pk is None:
        return False
    # The root is never chosen (Wagtail's chosen view would fail on its missing parent).
    pages = Page.objects.filter(pk=pk, depth__gt=1)
    for hook in hooks.get_hooks("construct_page_chooser_queryset"):
        pages = hook(pages, request)
    return pages.exists()


def _page_id(kwargs):
    return kwargs.get("page_id", kwargs.get("pk"))


def _page_object(kwargs):
    return {
        "base_content_type": ContentType.objects.get_for_model(Page),
        "object_id": str(_page_id(kwargs)),
    }


def revision_of_page(request, value, kwargs):
    """A revision of the page named by the same URL (whose own check scopes it)."""
    pk = _as_int(value)
    return pk is not None and Revision.objects.filter(pk=pk, **_page_object(kwargs)).exists()


def revision_to_compare(request, value, kwargs):
    return value in ("live", "earliest", "latest") or revision_of_page(request, value, kwargs)


def task_state_of_page(request, value, kwargs):
    pk = _as_int(value)
    page = {f"workflow_state__{key}": item for key, item in _page_object(kwargs).items()}
    return pk is not None and TaskState.objects.filter(pk=pk, **page).exists()


def workflow_state_of_page(request, value, kwargs):
    pk = _as_int(value)
    return pk is not None and WorkflowState.objects.filter(pk=pk, **_page_object(kwargs)).exists()


# Images, documents and their uploads: by the collections the user may use


def _collection_scoped(model, actions=("change", "choose")):
    def check(request, value, kwargs):
        permission_policy = policy_registry.get_by_type(model)
        pk = _as_int(value)
        return (
            pk is not None
            and permission_policy.instances_user_has_any_permission_for(request.user, actions)
            .filter(pk=pk)
            .exists()
        )

    return check


def image_in_scope(request, value, kwargs):
    return _collection_scoped(get_image_model())(request, value, kwargs)


def document_in_scope(request, value, kwargs):
    return _collection_scoped(get_document_model())(request, value, kwargs)


def own_upload(request, value, kwargs):
    pk = _as_int(value)
    uploads = UploadedFile.objects.filter(pk=pk, uploaded_by_user=request.user)
    return pk is not None and uploads.exists()


def own_editing_session(request, value, kwargs):
    pk = _as_int(value)
    return pk is not None and EditingSession.objects.filter(pk=pk, user=request.user).exists()


# wagtail-localize: a translation (or its source) of a page in the user's scope


def _translation_key_in_scope(request, translation_key):
    paths = Page.objects.filter(translation_key=translation_key).values_list("path", flat=True)
    own = _own_paths(request)
    return any(path.startswith(mine) for path in paths for mine in own)


def translation_source_in_scope(request, value, kwargs):
    pk = _as_int(value)
    key = TranslationSource.objects.filter(pk=pk).values_list("object_id", flat=True).first()
    return key is not None and _translation_key_in_scope(request, key)


def translation_in_scope(request, value, kwargs):
    pk = _as_int(value)
    key = Translation.objects.filter(pk=pk).values_list("source__object_id", flat=True).first()
    return key is not None and _translation_key_in_scope(request, key)


def segment_of_translation(model_name):
    """A string or overridable segment of the source of the translation in the same URL."""

    def check(request, value, kwargs):
        pk = _as_int(value)
        translation = _as_int(kwargs.get("translation_id"))
        model = getattr(localize_models, model_name)
        return (
            pk is not None
            and translation is not None
            and model.objects.filter(pk=pk, source__translations__pk=translation).exists()
        )

    return check


# The registry


@functools.cache
def admin_areas() -> dict[str, AdminArea]:
    """Every area registered by the apps, by view name. Collected once per process: the hooks
    are registered when the apps load, and every admin request and menu item asks."""
    areas = {}
    for hook in hooks.get_hooks(HOOK_NAME):
        for area in hook():
            areas[area.view_name] = area
    return areas


def is_admin_path(path: str) -> bool:
    return path.startswith(_admin_prefixes())


@functools.cache
def _admin_prefixes():
    prefixes = []
    for name in ("wagtailadmin_home", "admin:index"):
        try:
            prefixes.append(reverse(name))
        except NoReverseMatch:
            pass
    return tuple(prefixes)


def is_restricted(user) -> bool:
    """Signed in, but neither a national editor nor a superuser: a local administrator (or
    somebody with no role at all, who is allowed the same or less)."""
    return user.is_authenticated and not is_national_editor(user)


def refusal(request, match, query):
    """None if ``request`` (resolved as ``match``) is allowed; else the reason: 403 or 400."""
    area = admin_areas().get(match.view_name) if match.url_name else None
    if area is None or match.args:
        return 403
    for name, value in match.kwargs.items():
        check = area.kwargs.get(name)
        if check is None or not check(request, value, match.kwargs):
            return 403
    for name in query:
        check = area.query.get(name)
        if check is not None:
            if not all(check(request, value, match.kwargs) for value in query.getlist(name)):
                return 403
        elif area.strict_query is not None and name not in area.strict_query:
            return 400
    return None


class LocalAdministratorAccessMiddleware:
    """Applies ``refusal`` to every admin request of a restricted user, before the view, and
    refuses undeclared parameters of every admin listing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_admin_path(request.path_info) or not request.user.is_authenticated:
            return None
        if is_restricted(request.user):
            status = refusal(request, request.resolver_match, request.GET)
            if status is not None:
                return refused_response(request, status)
        # Every listing, for everybody: only the parameters it declares (home.admin_listing).
        if undeclared_listing_parameter(request, view_func, view_args, view_kwargs):
            return bad_request_response(request)
        return None


def may_open(request, url: str) -> bool:
    """Whether ``request.user`` may open the admin ``url`` (for menus and buttons)."""
    if not is_restricted(request.user):
        return True
    path, _sep, query_string = url.partition("?")
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return refusal(request, match, QueryDict(query_string)) is None
