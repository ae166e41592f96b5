"""Anonymous search statistics: what people look for, per municipality and day.

``record_search`` is called by the public search page once per search. It stores no IP
address, cookie, session or user: only the normalised query text, the municipality, the day
and how many offers were found.
"""


def record_search(municipality, query: str, result_count: int, life_situation=None) -> None:
    """Count one search. ``municipality`` is a MunicipalityPage or None (the national portal)."""
