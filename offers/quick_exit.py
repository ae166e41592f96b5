"""Quick exit ("Forlad siden") on the pages about violence, decided here and nowhere else.

A page is about violence when it is an offer tagged with one of ``QUICK_EXIT_SITUATIONS``, or a
search page filtered to one of them or whose query names one (that life situation's entry page
from the front page is its search, ``soeg/?life_situation=vold``), or a search whose listed
results hold such an offer. Such a page gets ``quick_exit`` (``quick_exit_context``) in its
context; templates/base.html then includes templates/components/quick_exit.html, a plain link
to ``settings.SOCIALKOMPAS_QUICK_EXIT_URL`` that static/js/quick-exit.js turns into
``location.replace`` (also on Escape pressed twice), so the page is not kept in the history.

The offer page decides in its template (``{% load quick_exit %}``), the search page in its view.
"""

from django.conf import settings
from django.db.models import prefetch_related_objects

#: The life situations (slugs of the shared vocabulary) whose pages offer a quick exit.
QUICK_EXIT_SITUATIONS = frozenset({"vold"})


def quick_exit():
    """What the component needs: the neutral site's address."""
    return {"url": settings.SOCIALKOMPAS_QUICK_EXIT_URL}


def names_violence(slugs):
    """Whether any of these life situation slugs is about violence."""
    return any(slug in QUICK_EXIT_SITUATIONS for slug in slugs)


def offer_is_about_violence(offer):
    """Whether ``offer`` is tagged with a life situation about violence.

    Reads its life situations once, into the offer's prefetch cache, so the page's own
    ``page.life_situations.all`` costs nothing more (a preview's unsaved choices are used as
    they are).
    """
    if getattr(offer, "pk", None) is not None and not hasattr(offer, "_cluster_related_objects"):
        prefetch_related_objects([offer], "life_situations")
    return names_violence(s.slug for s in offer.life_situations.all())


def quick_exit_context(about_violence):
    """``quick_exit`` for a page's context: the component's data, or None."""
    return quick_exit() if about_violence else None
