"""Target groups get an age span, filled for the five groups whose names give one.

An offer without an age range of its own is found by a search for an age within one of its
target groups' spans (search.parameters.age_condition). A span is only filled where it is
still empty: a span an editor has set is kept, and so is a group an editor has renamed.
"""

import django.core.validators
from django.db import migrations, models

#: slug -> (age_min, age_max), as in the names of offer-format.md ("Ældre (65+ år)").
AGE_SPANS = {
    "boern": (0, 12),
    "unge": (13, 17),
    "unge-voksne": (18, 29),
    "voksne": (30, 64),
    "aeldre": (65, None),
}


def fill_age_spans(apps, schema_editor):
    TargetGroup = apps.get_model("offers", "TargetGroup")
    for slug, (age_min, age_max) in AGE_SPANS.items():
        TargetGroup.objects.filter(slug=slug, age_min__isnull=True, age_max__isnull=True).update(
            age_min=age_min, age_max=age_max
        )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0011_organisation_name_unique_per_municipality"),
    ]

    operations = [
        migrations.AddField(
            model_name="targetgroup",
            name="age_max",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Tom: ingen øvre grænse (fx 65+ år).",
                null=True,
                validators=[django.core.validators.MaxValueValidator(120)],
                verbose_name="alder til",
            ),
        ),
        migrations.AddField(
            model_name="targetgroup",
            name="age_min",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text=(
                    "Bruges, når et tilbud ikke selv har en aldersgrænse: så findes tilbuddet "
                    "ved søgning på en alder inden for en af dets målgruppers spænd. Tom på "
                    "begge: gruppen har ingen alder (fx Forældre), og tilbuddet findes ved "
                    "alle aldre."
                ),
                null=True,
                validators=[django.core.validators.MaxValueValidator(120)],
                verbose_name="alder fra",
            ),
        ),
        # Backwards the fields are dropped, spans and all: nothing to undo first.
        migrations.RunPython(fill_age_spans, migrations.RunPython.noop),
    ]
