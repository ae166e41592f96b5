"""``/sitemap.xml`` and ``/robots.txt``, per site (Wagtail's sitemap support).

A site's sitemap lists the public pages it serves, in every language: live, without a view
restriction (Wagtail's ``public()``), and only what a page itself lists
(``Page.get_sitemap_urls``: an offer hidden for want of confirmation lists nothing). In path
mode the one site lists every municipality (``/kolding/...``); in hostname mode each
municipality's site lists its own pages on its own hostname, and the national site leaves them
out (their addresses are on the other host).

``/sitemap.xml`` is an index (a sitemap holds at most 50,000 addresses; the portal can have
more) of ``/sitemap-pages.xml?p=N``.
"""

from django.db.models import Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site

SECTION_URL_NAME = "sitemap_section"


def _with_translations(pages):
    keys = [page.translation_key for page in pages]
    return Page.objects.filter(translation_key__in=keys)


class SiteSitemap(Sitemap):
    """The public pages of the request's site, in every language."""

    def items(self):
        site = self.get_wagtail_site()
        roots = list(_with_translations([site.root_page]).values_list("path", flat=True))
        pages = Page.objects.filter(_below_any(roots))
        others = Site.objects.exclude(pk=site.pk).select_related("root_page")
        other_sites = [other.root_page for other in others]
        for other in _with_translations(other_sites).values_list("path", flat=True):
            if any(other.startswith(root) and other != root for root in roots):
                pages = pages.exclude(path__startswith=other)
        return pages.live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        # A page that lists no address (get_sitemap_urls) or has none (not routable) is left out.
        return [url for url in super()._urls(page, protocol, domain) if url.get("location")]


def _below_any(paths):
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


SITEMAPS = {"pages": SiteSitemap}


@require_GET
def robots_txt(request):
    """Crawlers: the pages and offers, the sitemap; not the admin, search results with a query,
    the forms and the private links, the shortlists."""
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    text = render_to_string("robots.txt", {"sitemap_url": sitemap_url})
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
