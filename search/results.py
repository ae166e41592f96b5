"""The ranked results of a search as a list Django's Paginator can page: the search statement
(``search.ranking``) has already returned the requested page's ids, so the page costs one
query for the offers (plus the listing's prefetches); another slice runs the statement again.
"""

from offers.models import OfferPage

from . import geo


class RankedResults:
    def __init__(self, queryset, count, window, ids, fetch_ids, *, near=None, recommended=()):
        self.queryset = queryset
        self._count = count
        #: (first, last) position, 1-based, of ``ids`` in the whole list.
        self.window = window
        self.ids = list(ids)
        self.fetch_ids = fetch_ids
        self.near = near
        #: Ids of the offers the editors recommend for the query.
        self.recommended = set(recommended)
        #: The offers fetched so far, by id (``offers`` fetches only the others).
        self._fetched = {}

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __iter__(self):
        return iter(self[:])

    def _ids(self, start, stop):
        lo, hi = start + 1, stop
        if hi < lo:
            return []
        first = self.window[0]
        if lo >= first and hi <= first + len(self.ids) - 1:
            return self.ids[lo - first : hi - first + 1]
        return self.fetch_ids(lo, hi)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            if index < 0:
                index += self._count
            items = self[index : index + 1]
            if not items:
                raise IndexError(index)
            return items[0]
        start, stop, _step = index.indices(self._count)
        return self.offers(self._ids(start, stop))

    def offers(self, ids, *, with_window=False):
        """The offers ``ids`` in that order, marked with distance and recommendation.
        ``with_window``: fetch the returned window's offers in the same query (the page
        lists both: the partial matches after few strong ones and the window)."""
        wanted = [*ids, *(self.ids if with_window else ())]
        missing = [i for i in wanted if i not in self._fetched]
        if missing:
            for offer in self.queryset.filter(id__in=missing):
                offer.distance_km = _distance(offer, self.near)
                offer.is_recommended = offer.pk in self.recommended
                self._fetched[offer.pk] = offer
        return [self._fetched[i] for i in ids if i in self._fetched]


def _distance(offer, near):
    """Km from the place searched near to a physical offer's place, else None."""
    if near is None or not offer.is_physical or offer.latitude is None or offer.longitude is None:
        return None
    return round(geo.distance_km(near.latitude, near.longitude, offer.latitude, offer.longitude), 1)


class LocalisedResults:
    """Results shown in another language: each offer of a page replaced by its live
    translation in ``locale_id`` where there is one (one query per page of results)."""

    def __init__(self, results, locale_id, listing=None):
        self.results = results
        self.locale_id = locale_id
        self.listing = listing

    def count(self):
        return self.results.count()

    def __len__(self):
        return self.count()

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0] if index >= 0 else self[len(self) + index]
        return localise(list(self.results[index]), self.locale_id, self.listing)


def localise(offers, locale_id, listing=None):
    """``offers`` with each replaced by its live translation in ``locale_id`` where there is
    one (the import id, distance and recommendation kept)."""
    if not offers:
        return []
    translations = OfferPage.objects.public().filter(
        locale_id=locale_id, translation_key__in=[o.translation_key for o in offers]
    )
    if listing is not None:
        translations = listing(translations)
    by_key = {t.translation_key: t for t in translations}
    shown = []
    for offer in offers:
        translation = by_key.get(offer.translation_key)
        if translation is None:
            shown.append(offer)
            continue
        translation.distance_km = getattr(offer, "distance_km", None)
        translation.is_recommended = getattr(offer, "is_recommended", False)
        # The import id belongs to the Danish original: the same id in every language.
        translation.external_id = offer.external_id
        shown.append(translation)
    return shown
