"""When each private link was first opened (``offers.private_links``)."""

from django.db import models
from django.utils import timezone


class PrivateLinkUse(models.Model):
    """The first use of one private link's token. Only the token's SHA-256 is kept: this table
    opens nothing. A row is of no use once its token has expired
    (``private_links.first_use`` deletes it then)."""

    digest = models.CharField(max_length=64, primary_key=True)
    #: None for the link to an organisation's page (``offers.organisation_links``).
    offer = models.ForeignKey(
        "offers.OfferPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    first_used_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.offer_id} {self.first_used_at:%Y-%m-%d %H:%M}"
