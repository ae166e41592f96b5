"""Reading an offer import's rows (``offer-format.md``): the columns, the header, and one row
checked and turned into model values, with every problem in it by column."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from .import_report import RowError, RowInvalid
from .models import (
    Accessibility,
    LifeSituation,
    OfferKind,
    OfferPage,
    Organisation,
    Price,
    ProviderType,
    TargetGroup,
)
from .postcodes import is_postcode
from .rules import (
    CONTROL_CHARACTERS,
    FORMAT_FIELDS,
    FORMATS,
    MAX_AGE,
    MIN_AGE,
    NATIONAL,
    YES_NO,
    age_text,
    ages_in_order,
    ages_overlap,
    length_limit,
)

COLUMNS = [
    "id", "municipality", "title", "summary", "description", "organisation",
    "organisation_type", "life_situations", "target_groups", "offer_kinds", "age_min",
    "age_max", "formats", "address", "postcode", "city", "latitude", "longitude", "phone",
    "email", "website", "schedule", "price", "price_note", "registration_required",
    "anonymous", "languages", "accessible",
]  # fmt: skip
REQUIRED = {
    "id", "municipality", "title", "summary", "organisation", "organisation_type",
    "life_situations", "offer_kinds", "formats", "price", "registration_required", "anonymous",
}  # fmt: skip

# ISO 639-1, all two-letter codes.
ISO_639_1 = set(
    "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy "
    "da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht "
    "hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky "
    "la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny "
    "oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss "
    "st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo "
    "za zh zu".split()
)

#: An offer's id in the import: what ``id`` may hold.
OFFER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")

# Which CSV column a model field's validation error belongs to.
FIELD_COLUMNS = {
    **dict.fromkeys(FORMAT_FIELDS.values(), "formats"),
    "external_id": "id",
    "slug": "title",
    "registration_required": "registration_required",
}


def check_header(header):
    """The problems of the header row (line 1), if any."""
    if len(header) == 1 and ";" in header[0]:
        return [RowError(1, "", _("Filen bruger semikolon. Formatet kræver komma som skilletegn."))]
    errors = []
    for name in header:
        if name not in COLUMNS:
            errors.append(RowError(1, name, _("Ukendt kolonne.")))
    for name in COLUMNS:
        if name not in header and name in REQUIRED:
            errors.append(RowError(1, name, _("Kolonnen mangler i overskriften.")))
    duplicates = {name for name in header if header.count(name) > 1}
    for name in sorted(duplicates):
        errors.append(RowError(1, name, _("Kolonnen står flere gange i overskriften.")))
    return errors


def validation_errors(exc, line):
    """A model's ValidationError as row errors, each in the column of its field."""
    if not hasattr(exc, "error_dict"):
        return [RowError(line, "", " ".join(exc.messages))]
    errors = []
    for name, messages in exc.message_dict.items():
        column = FIELD_COLUMNS.get(name, name if name in COLUMNS else "")
        for message in messages:
            errors.append(RowError(line, column, message))
    return errors


def check_offer_rules(data: dict, line: int) -> None:
    """The model's own rules (``OfferPage.rule_errors``) for a row that becomes a new offer;
    a saved page checks them in ``full_clean``, which the batch write does not call."""
    offer = OfferPage()
    for name in (*FORMAT_FIELDS.values(), "age_min", "age_max"):
        setattr(offer, name, data[name])
    offer.latitude, offer.longitude = data["latitude"], data["longitude"]
    errors = offer.rule_errors()
    if errors:
        raise RowInvalid(validation_errors(ValidationError(errors), line))


def split(text):
    """The values of a list column (``a|b|c``)."""
    return [part.strip() for part in text.split("|") if part.strip()]


class RowCleaner:
    """Turns CSV rows into model values; knows the vocabularies' terms (read once)."""

    def __init__(self):
        #: Problems that do not stop a row (``ImportResult.warnings``).
        self.warnings: list[RowError] = []
        self.terms = {
            "life_situations": {t.slug: t for t in LifeSituation.objects.all()},
            "target_groups": {t.slug: t for t in TargetGroup.objects.all()},
            "offer_kinds": {t.slug: t for t in OfferKind.objects.all()},
            "organisation_type": {t.slug: t for t in ProviderType.objects.all()},
        }

    def clean(self, row: dict[str, str], line: int) -> dict:
        """Turn a CSV row into model values, or raise RowInvalid with every problem in it."""
        errors: list[RowError] = []
        data: dict = {}

        def error(column, message):
            errors.append(RowError(line, column, message))

        def value(column):
            text = row.get(column, "")
            if CONTROL_CHARACTERS.search(text):
                error(column, _("Indeholder et kontroltegn (fx NUL), som ikke kan gemmes."))
                return CONTROL_CHARACTERS.sub("", text)
            if column in REQUIRED and not text:
                error(column, _("Skal udfyldes."))
            return text

        def too_long(column, text, limit):
            if len(text) > limit:
                error(
                    column,
                    _("Højst %(limit)s tegn (der er %(length)s).")
                    % {"limit": limit, "length": len(text)},
                )

        def text_field(column, model_field):
            text = value(column)
            limit = length_limit(OfferPage, model_field)
            if limit:
                too_long(column, text, limit)
            data[model_field] = text

        offer_id = value("id")
        if offer_id and not OFFER_ID.fullmatch(offer_id):
            error(
                "id", _("Må kun indeholde bogstaver a-z, tal, punktum, bindestreg og understreg.")
            )
        data["external_id"] = offer_id

        municipality = value("municipality")
        data["municipality"] = None if municipality.lower() == NATIONAL else municipality

        for name in ("title", "summary", "description", "address", "city", "phone", "schedule"):
            text_field(name, name)
        text_field("price_note", "price_note")

        organisation = value("organisation")
        too_long("organisation", organisation, length_limit(Organisation, "name"))
        data["organisation"] = organisation
        data["organisation_type"] = self._one_term(row, "organisation_type", error)

        for column in ("life_situations", "target_groups", "offer_kinds"):
            data[column] = self._many_terms(value(column), column, error)

        for column in ("age_min", "age_max"):
            data[column] = self._whole_number(value(column), column, error, MIN_AGE, MAX_AGE)
        if not ages_in_order(data["age_min"], data["age_max"]):
            error("age_max", _("Må ikke være mindre end age_min."))
        else:
            self._check_ages_against_groups(data, line)

        formats = split(value("formats"))
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            error(
                "formats",
                _("Ukendt format: %(values)s. Brug %(formats)s.")
                % {"values": ", ".join(unknown), "formats": ", ".join(FORMATS)},
            )
        for name, model_field in FORMAT_FIELDS.items():
            data[model_field] = name in formats

        postcode = value("postcode")
        if postcode and not is_postcode(postcode):
            error(
                "postcode",
                _('"%(value)s" er ikke et postnummer (4 cifre, 0-9).') % {"value": postcode},
            )
        data["postcode"] = postcode

        data["latitude"] = self._coordinate(value("latitude"), "latitude", error, 90)
        data["longitude"] = self._coordinate(value("longitude"), "longitude", error, 180)
        if (row.get("latitude", "") == "") != (row.get("longitude", "") == ""):
            error("longitude", _("Angiv både latitude og longitude, eller ingen af dem."))

        email = value("email")
        if email:
            try:
                EmailValidator()(email)
            except ValidationError:
                error("email", _('"%(value)s" er ikke en gyldig e-mailadresse.') % {"value": email})
        data["email"] = email

        website = value("website")
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError:
                error(
                    "website",
                    _('"%(value)s" er ikke en gyldig webadresse (http/https).')
                    % {"value": website},
                )
            too_long("website", website, length_limit(OfferPage, "website"))
        data["website"] = website

        price = value("price").lower()
        if price and price not in Price.values:
            error(
                "price",
                _('"%(value)s" er ikke gyldig. Brug gratis eller egenbetaling.') % {"value": price},
            )
        data["price"] = price

        for column in ("registration_required", "anonymous"):
            answer = value(column).lower()
            if answer and answer not in YES_NO:
                error(
                    column, _('"%(value)s" er ikke gyldig. Brug ja eller nej.') % {"value": answer}
                )
            data[column] = YES_NO.get(answer, False)

        codes = [c.lower() for c in split(value("languages"))]
        bad = [c for c in codes if c not in ISO_639_1]
        if bad:
            error(
                "languages",
                _("Ukendt sprogkode: %(values)s. Brug ISO 639-1, fx da|en.")
                % {"values": ", ".join(bad)},
            )
        data["languages"] = list(dict.fromkeys(codes))

        accessible = value("accessible").lower() or Accessibility.UNKNOWN
        if accessible not in Accessibility.values:
            error(
                "accessible",
                _('"%(value)s" er ikke gyldig. Brug ja, nej eller ukendt.') % {"value": accessible},
            )
        data["accessible"] = accessible

        if errors:
            raise RowInvalid(errors)
        return data

    def _check_ages_against_groups(self, data, line):
        """A warning (the row still imports) when the offer's own age range shares no age with
        one of its target groups ("Børn (0-12 år)" with age_min 18): the age search follows
        the range, a reader the group."""
        own = (data["age_min"], data["age_max"])
        if own == (None, None):
            return
        groups = [
            group
            for group in data["target_groups"]
            if not ages_overlap(own, (group.age_min, group.age_max))
        ]
        if not groups:
            return
        self.warnings.append(
            RowError(
                line,
                "age_min",
                _(
                    "Alderen (%(ages)s) passer ikke med målgruppen %(groups)s. Tilbuddet er "
                    "importeret; ret alder eller målgruppe, så søgning på alder finder det rigtigt."
                )
                % {
                    "ages": age_text(*own),
                    "groups": ", ".join(str(group) for group in groups),
                },
            )
        )

    def _one_term(self, row, column, error):
        slug = row.get(column, "")
        if not slug:
            error(column, _("Skal udfyldes."))
            return None
        term = self.terms[column].get(slug)
        if term is None:
            error(
                column,
                _('Ukendt værdi "%(value)s". Gyldige: %(values)s.')
                % {"value": slug, "values": ", ".join(self.terms[column])},
            )
        return term

    def _many_terms(self, text, column, error):
        slugs = list(dict.fromkeys(split(text)))
        unknown = [slug for slug in slugs if slug not in self.terms[column]]
        if unknown:
            error(column, _("Ukendt værdi: %(values)s.") % {"values": ", ".join(unknown)})
        elif column in REQUIRED and text and not slugs:
            error(column, _("Skal udfyldes."))
        return [self.terms[column][slug] for slug in slugs if slug in self.terms[column]]

    @staticmethod
    def _whole_number(text, column, error, lowest, highest):
        if not text:
            return None
        if not re.fullmatch(r"\d+", text):
            error(column, _('"%(value)s" er ikke et helt tal.') % {"value": text})
            return None
        number = int(text)
        if not lowest <= number <= highest:
            error(
                column,
                _("Skal være mellem %(lowest)s og %(highest)s.")
                % {"lowest": lowest, "highest": highest},
            )
            return None
        return number

    @staticmethod
    def _coordinate(text, column, error, limit):
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            error(
                column,
                _('"%(value)s" er ikke et decimaltal (brug punktum, fx 55.4904).')
                % {"value": text},
            )
            return None
        if not number.is_finite() or not -limit <= number <= limit:
            error(
                column,
                _("Skal være mellem %(lowest)s og %(highest)s.")
                % {"lowest": -limit, "highest": limit},
            )
            return None
        return number.quantize(Decimal("0.000001"))
