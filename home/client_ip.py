"""The client's address, the one every per-client limit counts by.

The public forms' rate limits (django-ratelimit) and the admin login throttling (django-axes,
``home/login_throttling.py``) both count per client. Behind a reverse proxy ``REMOTE_ADDR`` is
the proxy's own address, so ``RATELIMIT_IP_META_KEY`` (production settings, e.g.
``HTTP_X_REAL_IP``) names the header the proxy puts the client's address in. This module reads
the same setting the same way django-ratelimit does, IPv6 addresses cut to their /64 network
(one household or machine has a whole /64 and could otherwise step through it), so both count
the same client.
"""

import ipaddress

from django.conf import settings

#: django-ratelimit's defaults (RATELIMIT_IPV4_MASK, RATELIMIT_IPV6_MASK).
IPV4_MASK = 32
IPV6_MASK = 64


def client_ip(request):
    """The client's address as a string, or None when the request has none (a request made up
    in code, e.g. by the test client's ``force_login``) or it is not an address."""
    meta_key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    raw = (request.META.get(meta_key) or "").strip()
    if not raw:
        return None
    if ":" in raw:
        mask = getattr(settings, "RATELIMIT_IPV6_MASK", IPV6_MASK)
    else:
        mask = getattr(settings, "RATELIMIT_IPV4_MASK", IPV4_MASK)
    try:
        network = ipaddress.ip_network(f"{raw}/{mask}", strict=False)
    except ValueError:
        return None
    return str(network.network_address)
