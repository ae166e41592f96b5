"""Every offer with a meeting place gets a point: those without one, and with a known postcode,
get the postcode's (approximate, offers.postcode_places)."""

from django.db import migrations, models

from offers.postcode_places import centre_of


def place_from_postcodes(apps, schema_editor):
    OfferPage = apps.get_model("offers", "OfferPage")
    unplaced = OfferPage.objects.filter(
        is_physical=True, latitude__isnull=True, longitude__isnull=True
    ).exclude(postcode="")
    for postcode in set(unplaced.values_list("postcode", flat=True)):
        centre = centre_of(postcode)
        if centre is not None:
            unplaced.filter(postcode=postcode).update(
                latitude=centre[0], longitude=centre[1], location_approximate=True
            )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0015_offer_description_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="offerpage",
            name="location_approximate",
            field=models.BooleanField(
                default=False,
                help_text="Punktet er postnummerets midte. Angiv bredde- og længdegrad for et præcist.",
                verbose_name="omtrentlig placering",
            ),
        ),
        migrations.RunPython(place_from_postcodes, migrations.RunPython.noop),
    ]
