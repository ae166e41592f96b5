import re

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

WORD = re.compile(r"[^\W\d_]{3,60}")


def trigram_index(apps, schema_editor):
    # A GIN trigram index makes "text % 'depresion'" fast; PostgreSQL only (SQLite compares in
    # Python, see search/lexicon.py).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX search_searchword_text_trgm ON search_searchword "
            "USING gin (text gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_searchword_text_trgm")


def fill(apps, schema_editor):
    """The words of the offers already there (the same rule as search.lexicon.words_in)."""
    OfferPage = apps.get_model("offers", "OfferPage")
    SearchWord = apps.get_model("search", "SearchWord")
    words = set()
    for row in OfferPage.objects.filter(live=True).values_list(
        "title", "summary", "description", "keywords"
    ):
        for text in row:
            words.update(WORD.findall((text or "").lower()))
    SearchWord.objects.bulk_create(
        [SearchWord(text=w) for w in sorted(words)], ignore_conflicts=True, batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_starter_phrases"),
        ("offers", "0006_submissions_error_reports_freshness"),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=60, unique=True, verbose_name="ord")),
            ],
            options={"verbose_name": "søgeord", "verbose_name_plural": "søgeord"},
        ),
        migrations.RunPython(trigram_index, drop_trigram_index),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
