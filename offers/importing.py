"""Bulk import of offers from CSV, exactly per ``offer-format.md``.

Every row is validated before anything of it is written, and written in its own savepoint, so a
bad row leaves nothing behind while the other rows still import. Importing the same file twice
changes nothing; a changed row becomes a new, published revision of the same page.
"""

from __future__ import annotations

import csv
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import DatabaseError, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import get_language_info, override

from home.models import MunicipalityPage
from home.municipalities import (
    MunicipalityError,
    get_or_create_municipality,
    national_home_page,
)
from home.slugs import free_child_slug, unused_slug

from .bulk_pages import add_published_children, index_references, pages_published_in_bulk
from .models import (
    Accessibility,
    Language,
    LifeSituation,
    OfferKind,
    OfferPage,
    Organisation,
    Price,
    ProviderType,
    TargetGroup,
)
from .postcodes import is_postcode

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
NATIONAL = "national"
FORMATS = {"fysisk": "is_physical", "online": "is_online", "telefon": "is_phone"}
YES_NO = {"ja": True, "nej": False}

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

# Which CSV column a model field's validation error belongs to.
FIELD_COLUMNS = {
    "is_physical": "formats",
    "is_online": "formats",
    "is_phone": "formats",
    "external_id": "id",
    "slug": "title",
    "registration_required": "registration_required",
}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        where = f"linje {self.line}"
        if self.column:
            where += f", kolonne {self.column}"
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[RowError] = field(default_factory=list)
    municipalities_created: list[str] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def summary(self):
        return (
            f"Oprettet: {self.created}, opdateret: {self.updated}, "
            f"uændret: {self.unchanged}, fejlet: {self.failed}"
        )


@contextmanager
def deferred_search_index(model, chunk_size=500):
    """Index what an import writes once, in bulk, at the end, instead of on every save.

    Wagtail's search index (modelsearch) updates an offer's index entry on every save, and an
    imported offer is saved three times (created, revision, published): most of an import's
    time. Inside this block the per-save update is switched off for ``model`` in this process;
    the offers saved meanwhile are indexed afterwards in chunks, also when the import fails
    half-way (the rows written before the failure are in the database and must be found).
    """
    from modelsearch.backends import get_search_backends
    from modelsearch.signal_handlers import post_save_signal_handler

    touched = set()

    def remember(instance, **kwargs):
        touched.add(instance.pk)

    was_connected = post_save.disconnect(post_save_signal_handler, sender=model)
    post_save.connect(remember, sender=model, weak=False, dispatch_uid="deferred-search-index")
    try:
        yield touched
    finally:
        post_save.disconnect(sender=model, dispatch_uid="deferred-search-index")
        if was_connected:
            post_save.connect(post_save_signal_handler, sender=model)
        ids = sorted(touched)
        for backend in get_search_backends(with_auto_update=True):
            for start in range(0, len(ids), chunk_size):
                chunk = list(
                    model.get_indexed_objects().filter(pk__in=ids[start : start + chunk_size])
                )
                if chunk:
                    backend.add_bulk(model, chunk)


#: Characters no offer text may hold (PostgreSQL refuses NUL; the others are invisible junk).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RowInvalid(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class OfferImporter:
    #: New offers are written this many at a time (see ``write_new_offers``).
    BATCH_SIZE = 1000

    def __init__(self):
        self.terms = {
            "life_situations": {t.slug: t for t in LifeSituation.objects.all()},
            "target_groups": {t.slug: t for t in TargetGroup.objects.all()},
            "offer_kinds": {t.slug: t for t in OfferKind.objects.all()},
            "organisation_type": {t.slug: t for t in ProviderType.objects.all()},
        }
        self.languages = {lang.code: lang for lang in Language.objects.all()}
        self.existing_ids = set(
            OfferPage.objects.exclude(external_id=None).values_list("external_id", flat=True)
        )
        self.parents: dict[str | None, object] = {}
        self.organisations: dict[str, Organisation] | None = None
        self.indexed: set[int] = set()
        self.indexed_organisations: set[int] = set()

    # Reading

    def import_path(self, path: str | Path) -> ImportResult:
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
        except UnicodeDecodeError as exc:
            return self._fatal(0, "", f"Filen er ikke UTF-8 (byte {exc.start}). Gem den som UTF-8.")
        except OSError as exc:
            return self._fatal(0, "", f"Filen kan ikke læses: {exc.strerror}.")
        return self.import_text(text)

    def import_text(self, text: str) -> ImportResult:
        with (
            deferred_search_index(OfferPage) as self.indexed,
            deferred_search_index(Organisation) as self.indexed_organisations,
        ):
            result = self._import_text(text)
        result.errors.sort(key=lambda error: error.line)
        return result

    def _import_text(self, text: str) -> ImportResult:
        result = ImportResult()
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except StopIteration:
            return self._fatal(1, "", "Filen er tom.")
        except csv.Error as exc:
            return self._fatal(1, "", f"Kan ikke læse kolonneoverskrifterne: {exc}.")
        header = [name.strip() for name in header]
        header_errors = self._check_header(header)
        if header_errors:
            result.errors.extend(header_errors)
            return result

        seen_ids: dict[str, int] = {}
        pending: list[tuple[int, dict]] = []
        line_after = reader.line_num
        while True:
            line = line_after + 1
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                result.failed += 1
                result.errors.append(RowError(line, "", f"Rækken kan ikke læses som CSV: {exc}."))
                break
            line_after = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                result.failed += 1
                result.errors.append(
                    RowError(
                        line,
                        "",
                        f"Rækken har {len(values)} kolonner, men overskriften har {len(header)}.",
                    )
                )
                continue
            row = {name: value.strip() for name, value in zip(header, values, strict=True)}
            try:
                data = self.clean_row(row, line)
                offer_id = data["external_id"]
                if offer_id in seen_ids:
                    raise RowInvalid(
                        [
                            RowError(
                                line,
                                "id",
                                f'Id\'et "{offer_id}" står også på linje {seen_ids[offer_id]}.',
                            )
                        ]
                    )
                seen_ids[offer_id] = line
                if offer_id not in self.existing_ids:
                    self.check_offer_rules(data, line)
                    pending.append((line, data))
                    if len(pending) >= self.BATCH_SIZE:
                        self.write_new_offers(pending, result)
                        pending = []
                    continue
            except RowInvalid as exc:
                result.failed += 1
                result.errors.extend(exc.errors)
                continue
            self.write_counted(data, line, result)
        self.write_new_offers(pending, result)
        return result

    def _fatal(self, line, column, message):
        result = ImportResult()
        result.errors.append(RowError(line, column, message))
        return result

    def _check_header(self, header):
        errors = []
        if len(header) == 1 and ";" in header[0]:
            return [
                RowError(1, "", "Filen bruger semikolon. Formatet kræver komma som skilletegn.")
            ]
        for name in header:
            if name not in COLUMNS:
                errors.append(RowError(1, name, "Ukendt kolonne."))
        for name in COLUMNS:
            if name not in header and name in REQUIRED:
                errors.append(RowError(1, name, "Kolonnen mangler i overskriften."))
        duplicates = {name for name in header if header.count(name) > 1}
        for name in sorted(duplicates):
            errors.append(RowError(1, name, "Kolonnen står flere gange i overskriften."))
        return errors

    # Validating

    def clean_row(self, row: dict[str, str], line: int) -> dict:
        """Turn a CSV row into model values, or raise RowInvalid with every problem in it."""
        errors: list[RowError] = []
        data: dict = {}

        def error(column, message):
            errors.append(RowError(line, column, message))

        def value(column):
            text = row.get(column, "")
            if CONTROL_CHARACTERS.search(text):
                error(column, "Indeholder et kontroltegn (fx NUL), som ikke kan gemmes.")
                return CONTROL_CHARACTERS.sub("", text)
            if column in REQUIRED and not text:
                error(column, "Skal udfyldes.")
            return text

        def text_field(column, model_field, max_length=None):
            text = value(column)
            limit = max_length or OfferPage._meta.get_field(model_field).max_length
            if limit and len(text) > limit:
                error(column, f"Højst {limit} tegn (der er {len(text)}).")
            data[model_field] = text

        offer_id = value("id")
        if offer_id and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", offer_id):
            error("id", "Må kun indeholde bogstaver a-z, tal, punktum, bindestreg og understreg.")
        data["external_id"] = offer_id

        municipality = value("municipality")
        data["municipality"] = None if municipality.lower() == NATIONAL else municipality

        text_field("title", "title")
        text_field("summary", "summary")
        text_field("description", "description")
        text_field("address", "address")
        text_field("city", "city")
        text_field("phone", "phone")
        text_field("schedule", "schedule")
        text_field("price_note", "price_note")

        organisation = value("organisation")
        if len(organisation) > 200:
            error("organisation", "Højst 200 tegn.")
        data["organisation"] = organisation
        data["organisation_type"] = self._one_term(row, "organisation_type", error)

        for column in ("life_situations", "target_groups", "offer_kinds"):
            data[column] = self._many_terms(value(column), column, error)

        for column in ("age_min", "age_max"):
            data[column] = self._whole_number(value(column), column, error, 0, 120)
        if (
            data["age_min"] is not None
            and data["age_max"] is not None
            and data["age_min"] > data["age_max"]
        ):
            error("age_max", "Må ikke være mindre end age_min.")

        formats = self._split(value("formats"))
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            error("formats", f"Ukendt format: {', '.join(unknown)}. Brug fysisk, online, telefon.")
        for name, model_field in FORMATS.items():
            data[model_field] = name in formats

        postcode = value("postcode")
        if postcode and not is_postcode(postcode):
            error("postcode", f'"{postcode}" er ikke et postnummer (4 cifre, 0-9).')
        data["postcode"] = postcode

        data["latitude"] = self._coordinate(value("latitude"), "latitude", error, 90)
        data["longitude"] = self._coordinate(value("longitude"), "longitude", error, 180)
        if (row.get("latitude", "") == "") != (row.get("longitude", "") == ""):
            error("longitude", "Angiv både latitude og longitude, eller ingen af dem.")

        email = value("email")
        if email:
            try:
                EmailValidator()(email)
            except ValidationError:
                error("email", f'"{email}" er ikke en gyldig e-mailadresse.')
        data["email"] = email

        website = value("website")
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError:
                error("website", f'"{website}" er ikke en gyldig webadresse (http/https).')
            if len(website) > 500:
                error("website", "Højst 500 tegn.")
        data["website"] = website

        price = value("price").lower()
        if price and price not in Price.values:
            error("price", f'"{price}" er ikke gyldig. Brug gratis eller egenbetaling.')
        data["price"] = price

        for column in ("registration_required", "anonymous"):
            answer = value(column).lower()
            if answer and answer not in YES_NO:
                error(column, f'"{answer}" er ikke gyldig. Brug ja eller nej.')
            data[column] = YES_NO.get(answer, False)

        codes = [c.lower() for c in self._split(value("languages"))]
        bad = [c for c in codes if c not in ISO_639_1]
        if bad:
            error("languages", f"Ukendt sprogkode: {', '.join(bad)}. Brug ISO 639-1, fx da|en.")
        data["languages"] = list(dict.fromkeys(codes))

        accessible = value("accessible").lower() or Accessibility.UNKNOWN
        if accessible not in Accessibility.values:
            error("accessible", f'"{accessible}" er ikke gyldig. Brug ja, nej eller ukendt.')
        data["accessible"] = accessible

        if errors:
            raise RowInvalid(errors)
        return data

    @staticmethod
    def _split(text):
        return [part.strip() for part in text.split("|") if part.strip()]

    def _one_term(self, row, column, error):
        slug = row.get(column, "")
        if not slug:
            error(column, "Skal udfyldes.")
            return None
        term = self.terms[column].get(slug)
        if term is None:
            error(column, f'Ukendt værdi "{slug}". Gyldige: {", ".join(self.terms[column])}.')
        return term

    def _many_terms(self, text, column, error):
        slugs = list(dict.fromkeys(self._split(text)))
        unknown = [slug for slug in slugs if slug not in self.terms[column]]
        if unknown:
            error(column, f"Ukendt værdi: {', '.join(unknown)}.")
        elif column in REQUIRED and text and not slugs:
            error(column, "Skal udfyldes.")
        return [self.terms[column][slug] for slug in slugs if slug in self.terms[column]]

    @staticmethod
    def _whole_number(text, column, error, lowest, highest):
        if not text:
            return None
        if not re.fullmatch(r"\d+", text):
            error(column, f'"{text}" er ikke et helt tal.')
            return None
        number = int(text)
        if not lowest <= number <= highest:
            error(column, f"Skal være mellem {lowest} og {highest}.")
            return None
        return number

    @staticmethod
    def _coordinate(text, column, error, limit):
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            error(column, f'"{text}" er ikke et decimaltal (brug punktum, fx 55.4904).')
            return None
        if not number.is_finite() or not -limit <= number <= limit:
            error(column, f"Skal være mellem -{limit} og {limit}.")
            return None
        return number.quantize(Decimal("0.000001"))

    # Writing

    def write_counted(self, data: dict, line: int, result: ImportResult) -> None:
        """Write one validated row on its own and count its outcome or its errors."""
        try:
            outcome = self.write_row(data, line, result)
        except RowInvalid as exc:
            result.failed += 1
            result.errors.extend(exc.errors)
            return
        setattr(result, outcome, getattr(result, outcome) + 1)

    def write_row(self, data: dict, line: int, result: ImportResult) -> str:
        """Write one validated row; returns "created", "updated" or "unchanged"."""
        try:
            with transaction.atomic():
                return self._write(data, result)
        except (ValidationError, MunicipalityError) as exc:
            self.forget_unsaved()
            if isinstance(exc, MunicipalityError):
                raise RowInvalid([RowError(line, "municipality", str(exc))]) from exc
            raise RowInvalid(self._validation_errors(exc, line)) from exc

    def forget_unsaved(self):
        """A write was rolled back: the organisations and municipalities it created are gone
        again, so look them up afresh (a remembered one would be a foreign key to nothing)."""
        self.organisations = None
        self.parents = {}

    def check_offer_rules(self, data: dict, line: int) -> None:
        """The model's own rules (``OfferPage.rule_errors``) for a row that becomes a new offer;
        a saved page checks them in ``full_clean``, which the batch write does not call."""
        offer = OfferPage()
        for name in ("is_physical", "is_online", "is_phone", "age_min", "age_max"):
            setattr(offer, name, data[name])
        offer.latitude, offer.longitude = data["latitude"], data["longitude"]
        errors = offer.rule_errors()
        if errors:
            raise RowInvalid(self._validation_errors(ValidationError(errors), line))

    def write_new_offers(self, rows: list[tuple[int, dict]], result: ImportResult) -> None:
        """Write validated rows of offers not yet in the database, a municipality at a time,
        with ``add_published_children`` (a few queries per batch, not ~150 per offer).

        Should a batch fail in the database anyway (a row another import wrote meanwhile, say),
        nothing of it stays and its rows are written one at a time instead, so each gets its
        own outcome or error.
        """
        by_parent: dict[int, tuple[object, list]] = {}
        for line, data in rows:
            try:
                parent = self._parent(data["municipality"], result)
            except MunicipalityError as exc:
                result.failed += 1
                result.errors.append(RowError(line, "municipality", str(exc)))
                continue
            by_parent.setdefault(parent.pk, (parent, []))[1].append((line, data))

        for parent, group in by_parent.values():
            try:
                with transaction.atomic():
                    offers = self._add_new_offers(parent, [data for _, data in group])
            except (DatabaseError, ValidationError):
                self.forget_unsaved()
                for line, data in group:
                    self.write_counted(data, line, result)
                continue
            result.created += len(offers)
            self.existing_ids.update(offer.external_id for offer in offers)
            self.indexed.update(offer.pk for offer in offers)
            pages_published_in_bulk.send(sender=OfferPage, instances=offers)

    def _add_new_offers(self, parent, rows):
        self._create_organisations(rows, parent)
        taken = set(parent.get_children().values_list("slug", flat=True))
        now = timezone.now()
        offers = []
        for data in rows:
            organisation = self._organisation(
                data["organisation"], data["organisation_type"], parent
            )
            offer = OfferPage(external_id=data["external_id"], last_confirmed_at=now)
            self._apply(offer, data, organisation, [self._language(c) for c in data["languages"]])
            offer.municipality = parent if isinstance(parent, MunicipalityPage) else None
            offer.slug = unused_slug(data["title"], taken, "tilbud")
            taken.add(offer.slug)
            offers.append(offer)
        return add_published_children(parent, offers)

    def _write(self, data, result):
        parent = self._parent(data["municipality"], result)
        organisation = self._organisation(data["organisation"], data["organisation_type"], parent)
        languages = [self._language(code) for code in data["languages"]]

        offer = OfferPage.objects.filter(external_id=data["external_id"]).first()
        if offer is None:
            offer = OfferPage(external_id=data["external_id"])
            self._apply(offer, data, organisation, languages)
            offer.slug = free_child_slug(parent, data["title"], "tilbud")
            offer.last_confirmed_at = timezone.now()
            parent.add_child(instance=offer)
            offer.save_revision().publish()
            return "created"

        moved = offer.get_parent().pk != parent.pk
        before = self._snapshot(offer)
        self._apply(offer, data, organisation, languages)
        if not moved and self._snapshot(offer) == before:
            return "unchanged"
        if moved:
            offer.move(parent, pos="last-child")
            offer = OfferPage.objects.get(pk=offer.pk)
            self._apply(offer, data, organisation, languages)
            if parent.get_children().filter(slug=offer.slug).exclude(pk=offer.pk).exists():
                offer.slug = free_child_slug(parent, data["title"], "tilbud")
        offer.save_revision().publish()
        offer.mark_confirmed()
        return "updated"

    @staticmethod
    def _apply(offer, data, organisation, languages):
        offer.title = data["title"]
        for name in (
            "summary", "description", "age_min", "age_max", "is_physical", "is_online",
            "is_phone", "address", "postcode", "city", "latitude", "longitude", "phone", "email",
            "website", "schedule", "price", "price_note", "registration_required", "anonymous",
            "accessible",
        ):  # fmt: skip
            setattr(offer, name, data[name])
        offer.organisation = organisation
        offer.life_situations.set(data["life_situations"])
        offer.target_groups.set(data["target_groups"])
        offer.offer_kinds.set(data["offer_kinds"])
        offer.languages.set(languages)

    @staticmethod
    def _snapshot(offer):
        values = {
            f.attname: getattr(offer, f.attname)
            for f in OfferPage._meta.concrete_fields
            if f.model is OfferPage and f.name not in ("page_ptr", "last_confirmed_at")
        }
        values["title"] = offer.title
        for name in ("life_situations", "target_groups", "offer_kinds", "languages"):
            values[name] = {item.pk for item in getattr(offer, name).all()}
        return values

    def _parent(self, municipality_name, result):
        key = municipality_name.casefold() if municipality_name else None
        if key not in self.parents:
            if municipality_name is None:
                parent = national_home_page()
            else:
                parent, created = get_or_create_municipality(municipality_name)
                if created:
                    result.municipalities_created.append(parent.title)
            self.parents[key] = parent
        return self.parents[key]

    @staticmethod
    def _organisation_key(name, municipality_id):
        """Organisations are looked up by name (ignoring case) within the row's municipality,
        or among the national ones for a national row: never in another municipality."""
        return (municipality_id, name.casefold())

    def _known_organisations(self):
        if self.organisations is None:
            self.organisations = {}
            for organisation in Organisation.objects.order_by("-pk"):
                key = self._organisation_key(organisation.name, organisation.municipality_id)
                self.organisations[key] = organisation  # oldest wins
        return self.organisations

    def _create_organisations(self, rows, parent):
        """The organisations a batch of new offers names that do not exist yet, in bulk."""
        known = self._known_organisations()
        municipality = parent if isinstance(parent, MunicipalityPage) else None
        new = {}
        for data in rows:
            key = self._organisation_key(data["organisation"], getattr(municipality, "pk", None))
            if key not in known and key not in new:
                new[key] = Organisation(
                    name=data["organisation"],
                    provider_type=data["organisation_type"],
                    municipality=municipality,
                )
        created = Organisation.objects.bulk_create(list(new.values()))
        index_references(created)
        known.update(zip(new, created, strict=True))
        self.indexed_organisations.update(organisation.pk for organisation in created)

    def _organisation(self, name, provider_type, parent):
        municipality = parent if isinstance(parent, MunicipalityPage) else None
        key = self._organisation_key(name, getattr(municipality, "pk", None))
        organisation = self._known_organisations().get(key)
        if organisation is None:
            organisation = Organisation.objects.create(
                name=name, provider_type=provider_type, municipality=municipality
            )
            self.organisations[key] = organisation
            return organisation
        if organisation.provider_type_id != provider_type.pk:
            organisation.provider_type = provider_type
            organisation.save(update_fields=["provider_type"])
        return organisation

    def _language(self, code):
        language = self.languages.get(code)
        if language is None:
            with override("da"):
                try:
                    name = str(get_language_info(code)["name_translated"])
                except KeyError:
                    name = code
            language, _ = Language.objects.get_or_create(code=code, defaults={"name": name})
            self.languages[code] = language
        return language

    @staticmethod
    def _validation_errors(exc, line):
        if not hasattr(exc, "error_dict"):
            return [RowError(line, "", " ".join(exc.messages))]
        errors = []
        for name, messages in exc.message_dict.items():
            column = FIELD_COLUMNS.get(name, name if name in COLUMNS else "")
            for message in messages:
                errors.append(RowError(line, column, message))
        return errors
