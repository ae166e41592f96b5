"""Filters for an offer's contact links (``offers.contact_links``)::

{% load offer_links %}<a href="{{ offer.phone|tel_uri }}">…</a> {{ offer|map_url }}
"""

from django import template

from .. import contact_links

register = template.Library()

register.filter("tel_uri", contact_links.tel_uri)
register.filter("map_url", contact_links.map_url)
