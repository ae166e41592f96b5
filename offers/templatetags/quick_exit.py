"""``{% offer_quick_exit page as quick_exit %}``: the quick exit of an offer page, or None
(``offers.quick_exit``)."""

from django import template

from ..quick_exit import offer_is_about_violence, quick_exit_context

register = template.Library()


@register.simple_tag
def offer_quick_exit(offer):
    return quick_exit_context(offer_is_about_violence(offer))
