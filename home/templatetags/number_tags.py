"""Numbers shown to people, written as the reader's language writes them: "1.234 tilbud" and
"2,5 km" on Danish pages, "1,234 offers" and "2.5 km" on English ones (the separators and
grouping of Django's formats for the language: THOUSAND_SEPARATOR, DECIMAL_SEPARATOR,
NUMBER_GROUPING; ``config/formats`` overrides only dates).

``USE_THOUSAND_SEPARATOR`` stays off: it would group every number any template prints, also
the ids in addresses, ``value=`` and ``data-`` attributes (``?tilbud=1.234``), here and in
Wagtail's admin. So a number for people is grouped where it is shown: ``|grouped`` for a
count, ``floatformat`` with ``g`` for decimals (``|floatformat:"1g"``), ``{% offer_count n %}``
for "n tilbud". A float elsewhere (a coordinate in a form field) needs ``|unlocalize``: Django
writes floats with the reader's decimal separator even without grouping.
"""

from django import template
from django.utils.formats import number_format
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def grouped(value):
    """A whole number for people, its thousands grouped: 1.234 (da), 1,234 (en)."""
    if value is None or value == "":
        return ""
    return number_format(value, force_grouping=True)


@register.simple_tag
def offer_count(count):
    """ "1.234 tilbud" / "1 offer", "1,234 offers": the count of offers the front pages and the
    search show, in the reader's language."""
    return ngettext("%(counter)s tilbud", "%(counter)s tilbud", count) % {"counter": grouped(count)}
