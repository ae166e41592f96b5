"""E-mail to associations and administrators, from Danish templates in templates/offers/email/.

Each message has ``<name>_subject.txt`` and ``<name>.txt``. Both are plain text: rendered with
autoescaping off (an offer called "Mor & barn" is mailed as that, not as "Mor &amp; barn"),
the subject on one line. Wagtail's own workflow mails (templates/wagtailadmin/notifications/)
are rendered by Wagtail: their subjects use the ``one_line`` filter (``mail_tags``) and
``|safe``.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template import Context, engines
from django.utils.translation import override

logger = logging.getLogger(__name__)


def one_line(text) -> str:
    """A mail subject: every run of whitespace, line breaks included, as one space (a line
    break in a header would end it, and Django refuses to send such a subject)."""
    return " ".join(str(text).split())


def render_plain_text(template_name: str, context: dict) -> str:
    """A template rendered as plain text: nothing in it is HTML-escaped."""
    template = engines["django"].engine.get_template(template_name)
    return template.render(Context(context, autoescape=False))


def send_templated_mail(name: str, context: dict, recipients) -> int:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    with override(settings.LANGUAGE_CODE):
        subject = one_line(render_plain_text(f"offers/email/{name}_subject.txt", context))
        body = render_plain_text(f"offers/email/{name}.txt", context).strip() + "\n"
    return send_mail(subject, body, None, recipients)


def send_templated_mail_or_log(name: str, context: dict, recipients) -> int:
    """As ``send_templated_mail``, for mail about something already saved: a failing mail
    server is logged (and the mail lost) instead of turning a saved form into an error page,
    which would make its sender send it again."""
    try:
        return send_templated_mail(name, context, recipients)
    except OSError:  # smtplib.SMTPException is an OSError, as are refused connections
        logger.exception("Mail %r could not be sent", name)
        return 0


def absolute_url(request, path: str) -> str:
    """An absolute address for a link in an e-mail; ``request`` may be None (commands)."""
    if path.startswith("http"):
        return path
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
