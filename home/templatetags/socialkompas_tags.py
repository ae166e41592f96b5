from django import template
from wagtail.models import Page, Site

from home.models import HomePage, MunicipalityPage

register = template.Library()


@register.simple_tag(takes_context=True)
def subsite(context):
    """The page whose scope the current page belongs to: its municipality, else the national
    front page. Its name heads the page and its search box searches that scope."""
    if "_subsite" in context:
        return context["_subsite"]
    page = context.get("page")
    found = None
    if isinstance(page, MunicipalityPage | HomePage):
        found = page
    elif isinstance(page, Page):
        municipality_id = getattr(page, "municipality_id", None)
        if municipality_id is not None:
            found = page.municipality
        else:
            found = (
                Page.objects.ancestor_of(page)
                .type(MunicipalityPage, HomePage)
                .order_by("-depth")
                .specific()
                .first()
            )
    if found is None:
        request = context.get("request")
        site = Site.find_for_request(request) if request else None
        found = site.root_page.specific if site else HomePage.objects.first()
    context["_subsite"] = found
    return found


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """Ancestors of ``page`` below the current site's root, for the breadcrumb trail."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root_depth = site.root_page.depth if site else 2
    return list(page.get_ancestors().filter(depth__gte=root_depth).order_by("depth"))


@register.simple_tag(takes_context=True)
def national_front_page_url(context, scope):
    """The address of the national front page above ``scope`` (a municipality's page), for
    "Skift kommune" in the header on every page: no query. The front page is the page's parent
    (``MunicipalityPage.parent_page_types``), so its ``url_path`` is the municipality's without
    the last segment, and Wagtail finds its site (another host when the municipality has its
    own) and language from the site root paths it keeps for the request."""
    parent_path = scope.url_path.rstrip("/").rsplit("/", 1)[0] + "/"
    front_page = HomePage(url_path=parent_path, locale_id=scope.locale_id)
    return front_page.get_url(request=context.get("request")) or ""
