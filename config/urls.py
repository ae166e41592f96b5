from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls

from home.sitemap import SECTION_URL_NAME, SITEMAPS, robots_txt
from offers.calendar import URL_PATTERN as CALENDAR_FILE_PATTERN
from offers.calendar import serve_calendar_file
from search.api import search_api, suggest_api

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/search/", search_api, name="search_api"),
    path("api/search/suggest/", suggest_api, name="search_suggest_api"),
    # Per site (home/sitemap.py): the sitemap index, its sections, robots.txt.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": SECTION_URL_NAME},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name=SECTION_URL_NAME,
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Open data in Open Referral's HSDS 3.0 (offers/hsds/).
    path("api/hsds/v3/", include("offers.hsds.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Danish pages have no prefix (/kolding/); other languages are prefixed (/en/kolding/).
urlpatterns += i18n_patterns(
    # An offer's recurring times as a calendar file, <offer url>kalender.ics (offers.calendar).
    re_path(CALENDAR_FILE_PATTERN, serve_calendar_file),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# The error pages when DEBUG is off, in the reader's language and the site's design.
handler403 = "home.error_views.permission_denied"
handler404 = "home.error_views.page_not_found"
handler500 = "home.error_views.server_error"
