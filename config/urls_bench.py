"""URLs for ``config.settings.bench``: a hello-world view, then the site's own URLs."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def hello(request):
    """The ceiling: the cheapest Django response through the full middleware stack."""
    return HttpResponse("Hello, world", content_type="text/plain")


# The site's patterns are added as they are (not include()d): i18n_patterns must stay at the
# top level of the root URLconf for the language prefix to work.
urlpatterns = [path("__bench__/hello/", hello, name="bench_hello"), *site_urlpatterns]
