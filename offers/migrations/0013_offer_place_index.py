"""Far away (search.place): an index on the places of the offers with a meeting place."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0012_target_group_age_span"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="offerpage",
            index=models.Index(
                condition=models.Q(
                    ("is_physical", True), ("latitude__isnull", False), ("longitude__isnull", False)
                ),
                fields=["latitude", "longitude"],
                name="offer_place_idx",
            ),
        ),
    ]
