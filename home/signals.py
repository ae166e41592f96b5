from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import MunicipalityPage
from .municipalities import provision_municipality


@receiver(post_save, sender=MunicipalityPage)
def provision_new_municipality(sender, instance, created, raw=False, **kwargs):
    """Every way of adding a municipality (admin, import, command) ends here."""
    if created and not raw:
        provision_municipality(instance)
