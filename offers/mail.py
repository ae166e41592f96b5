"""E-mail to associations and administrators, from Danish templates in templates/offers/email/.

Each message has ``<name>_subject.txt`` and ``<name>.txt``.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import override


def send_templated_mail(name: str, context: dict, recipients) -> int:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    with override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"offers/email/{name}_subject.txt", context).split())
        body = render_to_string(f"offers/email/{name}.txt", context).strip() + "\n"
    return send_mail(subject, body, None, recipients)


def absolute_url(request, path: str) -> str:
    """An absolute address for a link in an e-mail; ``request`` may be None (commands)."""
    if path.startswith("http"):
        return path
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
