"""SearchWord.ordinary, filled from the live offers; and the search statistics collected
before the privacy rule of search.statistics lose their texts (their counts are kept)."""

import re

from django.db import migrations, models
from django.db.models import Sum

# The same rules as search.lexicon (WORD, ADDRESS, ordinary_words_in) at the time of writing.
WORD = re.compile(r"[^\W\d_]{3,60}")
ADDRESS = re.compile(
    r"\S*@\S*|(?:https?://|www\.)\S*|\S+\.(?:dk|com|org|net|nu|eu|info|io)\b", re.IGNORECASE
)
#: search.statistics.OTHER
OTHER = "…"


def fill_ordinary(apps, schema_editor):
    OfferPage = apps.get_model("offers", "OfferPage")
    SearchWord = apps.get_model("search", "SearchWord")
    ordinary = set()
    for row in OfferPage.objects.filter(live=True).values_list(
        "title", "summary", "description", "keywords"
    ):
        ordinary.update(WORD.findall((row[0] or "").lower())[:1])  # the title's first word
        for text in row:
            ordinary.update(
                w for w in WORD.findall(ADDRESS.sub(" ", text or "")) if w == w.lower()
            )
    words = sorted(ordinary)
    for start in range(0, len(words), 1000):
        SearchWord.objects.filter(text__in=words[start : start + 1000]).update(ordinary=True)


def fold_old_texts(apps, schema_editor):
    """Queries stored before may hold names and numbers written to get past the old checks:
    every row with a text is added to its municipality's OTHER row of the same day and life
    situation."""
    SearchTerm = apps.get_model("search", "SearchTerm")
    texts = SearchTerm.objects.exclude(query__in=("", OTHER))
    buckets = list(
        texts.values("municipality", "day", "life_situation")
        .annotate(searches=Sum("searches"), zero=Sum("zero_results"))
        .order_by()
    )
    texts.delete()
    for bucket in buckets:
        other, _ = SearchTerm.objects.get_or_create(
            municipality_id=bucket["municipality"],
            day=bucket["day"],
            query=OTHER,
            life_situation_id=bucket["life_situation"],
        )
        other.searches += bucket["searches"]
        other.zero_results += bucket["zero"]
        other.save(update_fields=["searches", "zero_results"])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_lexicon_counts_public_offers"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchword",
            name="ordinary",
            field=models.BooleanField(default=False, verbose_name="almindeligt ord"),
        ),
        migrations.RunPython(fill_ordinary, migrations.RunPython.noop),
        migrations.RunPython(fold_old_texts, migrations.RunPython.noop),
    ]
