"""Anonymous search statistics (see ``search.statistics``)."""

import re
import unicodedata

from django.core.exceptions import ValidationError
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
    """Lower case, words only, single spaces: how phrases are stored.

    Letters of any script are words (Danish, Cyrillic, Arabic). NFKC first (Arabic
    presentation forms and fullwidth letters become ordinary letters, a decomposed "å" one
    letter), then combining marks go: Arabic vowel signs (harakat) and Cyrillic stress marks
    would otherwise cut a word in two, and people rarely type them.
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(char for char in text if unicodedata.category(char)[0] != "M")
    return " ".join(re.findall(r"\w+", text.lower()))


#: The languages a synonym phrase can be written in (code, name in the admin). The portal's
#: languages (settings.LANGUAGE_NAMES) are all here; a new one is added here too (a migration
#: of the field's choices only).
PHRASE_LANGUAGES = [
    ("da", _("dansk")),
    ("en", _("engelsk")),
    ("uk", _("ukrainsk")),
    ("ar", _("arabisk")),
]


class LifeSituationPhrase(models.Model):
    """An everyday word or phrase that means a life situation ("min mor drikker" -> misbrug).

    A search containing the phrase also finds the offers tagged with the life situation.
    Edited by national editors as a snippet ("Synonymer"). Each phrase has the language it is
    written in; a text is unique per language ("stress" may be a Danish and an English phrase).
    """

    text = models.CharField(
        _("ord eller sætning"),
        max_length=100,
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
    language = models.CharField(
        _("sprog"),
        max_length=10,
        choices=PHRASE_LANGUAGES,
        default="da",
        help_text=_("Det sprog, ordet eller sætningen er skrevet på."),
    )

    class Meta:
        ordering = ["life_situation__sort_order", "text"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonymer")
        constraints = [
            models.UniqueConstraint(
                fields=["text", "language"],
                name="life_situation_phrase_unique_per_language",
                violation_error_message=_("Synonymet findes allerede på det sprog."),
            ),
        ]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self.text = normalise_phrase(self.text)
        super().save(*args, **kwargs)

    def clean(self):
        """The text as it will be saved; a Danish message on the text field when it has no
        word or the language already has it (the form keeps what was typed)."""
        super().clean()
        self.text = normalise_phrase(self.text)
        if not self.text:
            raise ValidationError({"text": _("Skriv mindst ét ord.")})
        existing = (
            LifeSituationPhrase.objects.filter(text=self.text, language=self.language)
            .exclude(pk=self.pk)
            .select_related("life_situation")
            .first()
        )
        if existing:
            raise ValidationError(
                {
                    "text": _(
                        '"%(text)s" findes allerede som synonym på %(language)s for '
                        'livssituationen "%(situation)s". Ret det eksisterende synonym i '
                        "stedet, eller vælg et andet sprog."
                    )
                    % {
                        "text": self.text,
                        "language": self.get_language_display(),
                        "situation": existing.life_situation,
                    }
                }
            )


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
