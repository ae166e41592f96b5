"""The next occasion of an offer, as text (``offers.schedules``)::

{% load offer_schedules %}{{ occasion|occasion_text }} {{ page|calendar_url }}
"""

from django import template

from .. import calendar, schedules

register = template.Library()

register.filter("occasion_text", schedules.occasion_text)
register.filter("calendar_url", calendar.calendar_url)
