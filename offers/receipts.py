"""The receipt page after the public form names the offer and the (masked) address the link
went to, without a session or cookie: the redirect after sending carries them signed
(``?sendt=1&kvittering=...``, django.core.signing, valid an hour). A missing, altered or
expired value shows the general receipt. Signed is not secret: only the sender's own title and
an address masked as ``b•••@e•••.org`` (``private_links.mask_address``) are in it, and query
strings are never logged (home/redaction.py).
"""

from urllib.parse import urlencode

from django.core import signing

from .private_links import mask_address

SALT = "offers.receipts"
MAX_AGE = 60 * 60
PARAMETER = "kvittering"


def receipt_query(title, email):
    """The query string of the receipt page for an offer ``title`` sent to ``email``."""
    value = signing.dumps({"title": title, "email": mask_address(email)}, salt=SALT, compress=True)
    return "?" + urlencode({"sendt": "1", PARAMETER: value})


def receipt_of(request):
    """{"title", "email"} from the receipt page's query, or None when it is not a valid one."""
    value = request.GET.get(PARAMETER, "")
    if not value:
        return None
    try:
        data = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(data, dict):
        return None
    title, email = data.get("title"), data.get("email")
    if not (isinstance(title, str) and isinstance(email, str) and title and email):
        return None
    return {"title": title, "email": email}
