"""Workarounds for bugs in the packages we depend on, each with where it is reported.

Applied once from ``HomeConfig.ready``. Remove an entry when the release that fixes it is pinned.
"""

from wagtail.admin.forms.choosers import URLOrAbsolutePathField


def external_link_chooser_without_url():
    """Wagtail 8.0.1: a POST to the external link chooser (``/admin/choose-external-link/``)
    without a ``url`` field is a 500 (``URLOrAbsolutePathValidator.is_absolute_path(None)``
    calls ``None.startswith``). Not yet reported upstream (no issue number found in Wagtail's
    tracker, 2026-12); found by tests/test_admin_isolation.py. Treat a missing value as empty,
    so the form answers "This field is required"."""
    original = URLOrAbsolutePathField.to_python

    def to_python(self, value):
        return original(self, "" if value is None else value)

    URLOrAbsolutePathField.to_python = to_python


def apply():
    external_link_chooser_without_url()
