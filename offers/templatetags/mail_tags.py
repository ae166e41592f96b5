"""Filters for the mail templates (offers/mail.py)."""

from django import template

from offers.mail import one_line

register = template.Library()
register.filter("one_line", one_line)
