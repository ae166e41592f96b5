"""The lexicon counts the public offers each word is in (issue 12): a word leaves it as soon
as no offer citizens can see has it. Counted afresh here from the live, visible offers (the
same rule as search.lexicon.rebuild), which also drops the words only drafts, unpublished and
hidden offers had."""

import re
from collections import Counter

import django.db.models.deletion
from django.db import migrations, models

WORD = re.compile(r"[^\W\d_]{3,60}")


def recount(apps, schema_editor):
    OfferPage = apps.get_model("offers", "OfferPage")
    OfferWords = apps.get_model("search", "OfferWords")
    SearchWord = apps.get_model("search", "SearchWord")
    counts, rows = Counter(), []
    public = OfferPage.objects.filter(live=True, stale_since__isnull=True)
    for pk, *texts in public.values_list("pk", "title", "summary", "description", "keywords"):
        words = set()
        for text in texts:
            words.update(WORD.findall((text or "").lower()))
        counts.update(words)
        rows.append(OfferWords(offer_id=pk, words=" ".join(sorted(words))))
    SearchWord.objects.all().delete()
    OfferWords.objects.bulk_create(rows, batch_size=1000)
    SearchWord.objects.bulk_create(
        [SearchWord(text=w, offer_count=n) for w, n in sorted(counts.items())], batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0006_submissions_error_reports_freshness"),
        ("search", "0004_search_lexicon"),
    ]

    operations = [
        migrations.CreateModel(
            name="OfferWords",
            fields=[
                (
                    "offer",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="offers.offerpage",
                    ),
                ),
                ("words", models.TextField()),
            ],
        ),
        migrations.AddField(
            model_name="searchword",
            name="offer_count",
            field=models.IntegerField(default=0, verbose_name="antal tilbud"),
        ),
        migrations.RunPython(recount, migrations.RunPython.noop),
    ]
