"""Anonymous search statistics (see ``search.statistics``)."""

import re

from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class SearchTerm(models.Model):
    """How often a query was searched in a municipality on a day, and how often it found nothing.

    Deliberately holds no IP address, cookie, session, user or time of day: one row per
    (municipality, day, normalised query, life situation) with two counters.
    """

    municipality = models.ForeignKey(
        "home.MunicipalityPage",
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Tom for den landsdækkende portal."),
    )
    day = models.DateField(_("dag"))
    query = models.CharField(_("søgning"), max_length=100, blank=True)
    life_situation = models.ForeignKey(
        "offers.LifeSituation",
        verbose_name=_("livssituation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    searches = models.PositiveIntegerField(_("søgninger"), default=0)
    zero_results = models.PositiveIntegerField(_("søgninger uden resultat"), default=0)

    class Meta:
        verbose_name = _("søgestatistik")
        verbose_name_plural = _("søgestatistik")
        constraints = [
            # NULL (national portal, no life situation) must count as one value, so the key
            # coalesces them; a plain unique_together would let NULL rows repeat.
            models.UniqueConstraint(
                Coalesce("municipality", Value(0)),
                "day",
                "query",
                Coalesce("life_situation", Value(0)),
                name="search_term_unique_per_day",
            ),
        ]
        indexes = [models.Index(fields=["day", "municipality"], name="search_term_day_idx")]

    def __str__(self):
        return f"{self.day} {self.query or self.life_situation_id}"


def normalise_phrase(text):
    """Lower case, words only, single spaces: how phrases and queries are compared."""
    return " ".join(re.findall(r"\w+", (text or "").lower()))


class LifeSituationPhrase(models.Model):
    """An everyday word or phrase that means a life situation ("min mor drikker" -> misbrug).

    A search containing the phrase also finds the offers tagged with the life situation.
    Edited by national editors as a snippet ("Synonymer").
    """

    text = models.CharField(
        _("ord eller sætning"),
        max_length=100,
        unique=True,
        help_text=_(
            'Sådan som folk skriver, fx "min mor drikker" eller "spillegæld". Små og store '
            "bogstaver er ligegyldige, og ordet matcher også længere ord, der begynder med det."
        ),
    )
    life_situation = models.ForeignKey(
        "offers.LifeSituation",
        verbose_name=_("livssituation"),
        on_delete=models.CASCADE,
        related_name="phrases",
    )

    class Meta:
        ordering = ["life_situation__sort_order", "text"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonymer")

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self.text = normalise_phrase(self.text)
        super().save(*args, **kwargs)


class SearchWord(models.Model):
    """A word that occurs in a public offer (live, not hidden): what typos are corrected to
    (pg_trgm) and what compounds are split into ("spillegæld" -> "spille" + "gæld").

    ``offer_count`` counts the public offers whose text has the word; at 0 the word goes. Kept
    in step by ``search.lexicon.sync_offers``; ``manage.py rebuild_search_lexicon`` rebuilds
    it from scratch."""

    text = models.CharField(_("ord"), max_length=60, unique=True)
    offer_count = models.IntegerField(_("antal tilbud"), default=0)
    #: The word also occurs written in lower case, outside e-mail addresses and links: an
    #: ordinary word, not only a name (Danish capitalises names only). The search statistics
    #: keep only such words of a query (``search.statistics``).
    ordinary = models.BooleanField(_("almindeligt ord"), default=False)

    class Meta:
        verbose_name = _("søgeord")
        verbose_name_plural = _("søgeord")

    def __str__(self):
        return self.text


class OfferWords(models.Model):
    """The words a public offer adds to the lexicon, as counted in ``SearchWord.offer_count``:
    what to count down when its text changes or it stops being public. No row for an offer
    nobody can see. Deleted with the offer (and counted down, see ``search.signals``)."""

    offer = models.OneToOneField(
        "offers.OfferPage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    #: Space-separated, sorted.
    words = models.TextField()

    def __str__(self):
        return f"{self.offer_id}: {self.words[:60]}"

    def word_set(self):
        return set(self.words.split())
