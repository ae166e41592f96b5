"""``/api/hsds/v3/``: the HSDS 3.0 API (included from config/urls.py).

The API description writes its paths without a trailing slash (``/services/{id}``); one is
accepted too.
"""

from django.urls import path, re_path

from . import views

app_name = "hsds"

#: A list's path (and URL name) -> its view, and its detail's URL name (``<path>/<id>``).
ENDPOINTS = {
    "services": (views.services, "service"),
    "taxonomies": (views.taxonomies, "taxonomy"),
    "taxonomy_terms": (views.taxonomy_terms, "taxonomy_term"),
    "organizations": (views.organizations, "organization"),
    "service_at_locations": (views.service_at_locations, "service_at_location"),
}

urlpatterns = [path("", views.index, name="index")]
for name, (listing, detail) in ENDPOINTS.items():
    urlpatterns += [
        re_path(rf"^{name}/?$", listing, name=name),
        re_path(rf"^{name}/(?P<hsds_id>[^/]+)/?$", getattr(views, detail), name=detail),
    ]
