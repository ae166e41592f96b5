"""Listings that apply only the parameters they declare.

wagtail-modeladmin's ``IndexView`` (like Django's changelist) turns every query parameter it does
not know into an ORM filter, so a row count answers questions about any related table
(``?provider_type__organisations__offers__submissions__submitter_email=...``); a parameter it
cannot apply is a 500. ``StrictIndexView`` accepts only: the page number, the search text, the
ordering (column numbers of ``list_display``) and the parameters of the declared ``list_filter``s
with values they offer. Anything else is a 400 with a Danish message, and nothing is applied.
"""

from django.contrib.admin.filters import (
    ChoicesFieldListFilter,
    RelatedFieldListFilter,
    SimpleListFilter,
)
from django.contrib.admin.options import IncorrectLookupParameters
from wagtail.admin.views.generic.base import BaseListingView
from wagtail_modeladmin.views import IndexView

from .admin_responses import bad_request_response

MAX_SEARCH_LENGTH = 200


class InvalidListingParameter(Exception):
    pass


class StrictIndexView(IndexView):
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except (InvalidListingParameter, IncorrectLookupParameters):
            return bad_request_response(request)

    def declared_parameters(self):
        names = {self.PAGE_VAR, self.SEARCH_VAR, self.ORDER_VAR}
        if self.list_export:
            names.add(self.EXPORT_VAR)
        return names

    def get_queryset(self, request=None):
        request = request or self.request
        filter_specs, _has_filters, remaining, _distinct = self.get_filters(request)
        if remaining:
            raise InvalidListingParameter(sorted(remaining))
        declared = set(self.declared_parameters())
        for spec in filter_specs:
            declared.update(spec.expected_parameters())
        for name in request.GET:
            if name not in declared or len(request.GET.getlist(name)) > 1:
                raise InvalidListingParameter(name)
        self._check_plain_values(request)
        for spec in filter_specs:
            self._check_filter_values(request, spec)
        return super().get_queryset(request)

    def _check_plain_values(self, request):
        page = request.GET.get(self.PAGE_VAR)
        if page is not None and not _is_number(page):
            raise InvalidListingParameter(self.PAGE_VAR)
        if len(request.GET.get(self.SEARCH_VAR, "")) > MAX_SEARCH_LENGTH:
            raise InvalidListingParameter(self.SEARCH_VAR)
        ordering = request.GET.get(self.ORDER_VAR)
        if ordering is not None:
            for part in ordering.split("."):
                index = part.removeprefix("-")
                if not _is_number(index) or int(index) >= len(self.list_display):
                    raise InvalidListingParameter(self.ORDER_VAR)
        if self.EXPORT_VAR in request.GET and request.GET[self.EXPORT_VAR] not in self.FORMATS:
            raise InvalidListingParameter(self.EXPORT_VAR)

    @staticmethod
    def _check_filter_values(request, spec):
        """A filter's value must be one it offers (a related field's objects, a field's choices,
        a simple filter's lookups): an unknown id or a word where a number belongs is refused."""
        offered = _offered_values(spec)
        for name in spec.expected_parameters():
            allowed = _YES_NO if name.endswith("__isnull") else offered
            for value in request.GET.getlist(name):
                if allowed is not None and value not in allowed:
                    raise InvalidListingParameter(name)


_YES_NO = {"True", "False", "1", "0"}


def _is_number(value):
    return value.isascii() and value.isdigit() and len(value) < 10


def _offered_values(spec):
    if isinstance(spec, RelatedFieldListFilter):
        return {str(pk) for pk, _label in spec.lookup_choices}
    if isinstance(spec, ChoicesFieldListFilter):
        return {str(value) for value, _label in spec.field.flatchoices}
    if isinstance(spec, SimpleListFilter):
        return {str(value) for value, _label in spec.lookup_choices}
    return None


# Wagtail's own listings (images, documents, snippets, reports, users ...) read their filters
# from a django-filter FilterSet: unknown parameters are ignored there, not applied. They are
# refused all the same, so that every listing answers a parameter it does not declare alike.

#: Parameters every Wagtail listing reads besides its filters.
LISTING_PARAMETERS = frozenset({"ordering", "export", "locale", "_w_filter_fragment", "next"})


def undeclared_listing_parameter(request, view_func, view_args, view_kwargs):
    """The first GET parameter a Wagtail listing view does not declare, or None (also None for
    any other view, or when the listing cannot say what it declares)."""
    view_class = getattr(view_func, "view_class", None)
    if request.method != "GET" or not request.GET or view_class is None:
        return None
    if not issubclass(view_class, BaseListingView):
        return None
    try:
        view = view_class(**getattr(view_func, "view_initkwargs", {}))
        view.setup(request, *view_args, **view_kwargs)
        declared = set(LISTING_PARAMETERS) | {view.page_kwarg, view.search_kwarg}
        filters = view.filters
    except Exception:  # the view itself will answer as it does; nothing is refused here
        return None
    if filters is not None:
        for name, form_field in filters.form.fields.items():
            suffixes = getattr(form_field.widget, "suffixes", None)
            declared.add(name)
            declared.update(f"{name}_{suffix}" for suffix in suffixes or ())
    for name in request.GET:
        if name not in declared:
            return name
    return None
