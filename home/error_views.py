"""The error pages (``handler404``, ``handler403``, ``handler500`` in ``config/urls.py``), used
when DEBUG is off: in the reader's language and the site's design, with the search box.

404 and 403 are ordinary pages of the portal (``templates/404.html``, ``403.html``): header,
search box and footer of the municipality the address belongs to. The 500 page
(``templates/500.html``) needs no database, since the database may be why it is shown: a static
template (``templates/base_static.html``), rendered without the request's context processors,
that names no page and no setting. So does the page for a form posted without its security
token (``CSRF_FAILURE_VIEW``, ``templates/403_csrf.html``), instead of Django's English one.
"""

from django.conf import settings
from django.http import HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_language_from_path, override
from django.views.decorators.csrf import requires_csrf_token
from wagtail.models import Site

from . import routes
from .models import HomePage, MunicipalityPage


def _scope(request):
    """The front page whose search box the page shows: the municipality the address is under
    (``/kolding/...`` in path mode, the site in hostname mode), else the national one."""
    site = Site.find_for_request(request)
    root = site.root_page.specific if site else HomePage.objects.order_by("path").first()
    if isinstance(root, HomePage):
        segments = [part for part in request.path_info.split("/") if part]
        if segments and segments[0] == get_language() != settings.LANGUAGE_CODE:
            segments = segments[1:]
        if segments:
            municipality = (
                MunicipalityPage.objects.child_of(root).live().filter(slug=segments[0]).first()
            )
            root = municipality or root
    return root.localized if root is not None else None


def _render(request, template_name, response_class):
    context = {"_subsite": _scope(request)}
    return response_class(loader.render_to_string(template_name, context, request))


@requires_csrf_token
def page_not_found(request, exception=None):
    return _render(request, "404.html", HttpResponseNotFound)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _render(request, "403.html", HttpResponseForbidden)


def _search_path():
    """The national search page's address in the active language: ``/soeg/``, ``/en/soeg/``
    (from the route registry, which needs no database)."""
    pattern = next(
        (r.pattern for r in routes.page_routes(routes.NATIONAL) if r.name == "search"), ""
    )
    language = get_language() or settings.LANGUAGE_CODE
    prefix = "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
    return prefix, (prefix + pattern) if pattern else ""


def _render_static(request, template_name, **context):
    """``template_name`` (it extends ``base_static.html``) in the address's language
    (``/en/...``), not whatever the thread had active before, without the database."""
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with override(language):
        home_path, search_path = _search_path()
        template = loader.get_template(template_name)
        # No request: no context processor (site settings, the user) touches the database.
        return template.render({"home_path": home_path, "search_path": search_path, **context})


@requires_csrf_token
def server_error(request):
    return HttpResponseServerError(_render_static(request, "500.html"))


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form posted without the token of its page or without the
    cookie it goes with (the page was open for long, the browser refuses cookies). Says what
    to do and links the form again; ``reason``, Django's technical cause, is not shown."""
    form_path = request.path
    if not url_has_allowed_host_and_scheme(form_path, allowed_hosts=None):
        form_path = ""  # "//other.host/...": no link to anywhere else
    return HttpResponseForbidden(_render_static(request, "403_csrf.html", form_path=form_path))
