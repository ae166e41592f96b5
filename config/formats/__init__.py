"""The portal's own date formats per language (``FORMAT_MODULE_PATH``), over Django's.

Templates name the format, never spell it: ``{{ day|date:"DATE_FORMAT" }}``, so a date reads as
the reader's language writes it ("12. marts 2026", "12 March 2026"). A language without a
module here uses Django's formats for it.
"""
