from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse

from offers.models import LifeSituation, OfferPage

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200


def search_offers(scope_page, query="", life_situation=None):
    """Public offers (live, not hidden as stale) in ``scope_page``'s scope, best match first
    when there is a query."""
    offers = OfferPage.objects.public().in_scope_of(scope_page).for_listing()
    if life_situation is not None:
        offers = offers.filter(life_situations__slug=life_situation.slug)
    if query:
        return offers.search(query, operator="or", order_by_relevance=True)
    return offers.order_by("title")


def search_offers_page(request, scope_page):
    """The search page of a municipality (/kolding/soeg/) or of the national portal (/soeg/)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    life_situation = None
    slug = request.GET.get("life_situation", "").strip()
    if slug:
        life_situation = LifeSituation.objects.filter(slug=slug).first()

    results = search_offers(scope_page, query, life_situation)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)

    return TemplateResponse(
        request,
        "search/search_page.html",
        {
            "page": scope_page,
            "self": scope_page,
            "query": query,
            "life_situation": life_situation,
            "unknown_life_situation": bool(slug) and life_situation is None,
            "results": page,
            "paginator": paginator,
            "has_filter": bool(query or life_situation),
        },
    )
