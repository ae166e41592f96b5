from django.utils.text import slugify

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(text: str) -> str:
    """Slug in plain ASCII with Danish letters spelt out: "Høje-Taastrup" -> "hoeje-taastrup"."""
    return slugify(text.translate(_DANISH))
