import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0010_organisation_per_municipality"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                models.F("municipality"),
                condition=models.Q(("municipality__isnull", False)),
                name="organisation_name_unique_in_municipality",
                violation_error_message="Der findes allerede en organisation med dette navn.",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                condition=models.Q(("municipality__isnull", True)),
                name="organisation_name_unique_national",
                violation_error_message="Der findes allerede en organisation med dette navn.",
            ),
        ),
    ]
