"""The admin's answers to what it refuses: 403 (not yours) and 400 (a parameter it does not know).

Small pages of their own, without the admin's menus: they are answered before any view runs.
"""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

FORBIDDEN_TEMPLATE = "home/admin/forbidden.html"
BAD_REQUEST_TEMPLATE = "home/admin/bad_request.html"


def refused_response(request, status):
    if status == 400:
        return bad_request_response(request)
    return TemplateResponse(
        request,
        FORBIDDEN_TEMPLATE,
        {"message": _("Du har ikke adgang til denne side.")},
        status=403,
    )


def bad_request_response(request, message=None):
    return TemplateResponse(
        request,
        BAD_REQUEST_TEMPLATE,
        {
            "message": message
            or _(
                "Adressen indeholder en parameter, som denne side ikke kender. "
                "Fjern den, og prøv igen."
            )
        },
        status=400,
    )
