from django.utils.text import slugify

from .routes import reserved_child_slugs

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(text: str) -> str:
    """Slug in plain ASCII with Danish letters spelt out: "Høje-Taastrup" -> "hoeje-taastrup"."""
    return slugify(text.translate(_DANISH))


def free_child_slug(parent, title: str, fallback: str = "side") -> str:
    """A slug for a new child of ``parent`` from ``title``, not taken by a sibling or a route."""
    base = danish_slugify(title)[:240] or fallback
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    return unused_slug(title, taken, fallback)


def unused_slug(title: str, taken: set[str], fallback: str = "side") -> str:
    """A slug from ``title`` that is neither in ``taken`` nor a reserved route name."""
    reserved = reserved_child_slugs()
    base = danish_slugify(title)[:240] or fallback
    slug, number = base, 1
    while slug in taken or slug in reserved:
        number += 1
        slug = f"{base}-{number}"
    return slug
