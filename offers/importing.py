"""Bulk import of offers from CSV, exactly per ``offer-format.md``.

Every row is validated before anything of it is written, and written in its own savepoint, so a
bad row leaves nothing behind while the other rows still import. Importing the same file twice
changes nothing; a changed row becomes a new, published revision of the same page.

The rows are read and checked in ``offers.import_rows``, the outcome is an
``offers.import_report.ImportResult``; this module reads the file and writes the offers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import get_language_info, override
from django.utils.translation import gettext as _

from home.models import MunicipalityPage
from home.municipalities import (
    MunicipalityError,
    get_or_create_municipality,
    national_home_page,
)
from home.slugs import free_child_slug, unused_slug

from .bulk_pages import (
    add_published_children,
    deferred_search_index,
    index_references,
    pages_published_in_bulk,
)
from .import_report import ImportResult, RowError, RowInvalid
from .import_rows import COLUMNS, RowCleaner, check_header, check_offer_rules, validation_errors
from .models import Language, OfferPage, Organisation
from .postcode_places import place_from_postcode
from .rules import FORMAT_FIELDS

__all__ = [
    "COLUMNS",
    "ImportResult",
    "OfferImporter",
    "RowError",
    "RowInvalid",
    "deferred_search_index",
]


class OfferImporter:
    #: New offers are written this many at a time (see ``write_new_offers``).
    BATCH_SIZE = 1000

    def __init__(self):
        self.rows = RowCleaner()
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
            return ImportResult.fatal(
                0,
                "",
                _("Filen er ikke UTF-8 (byte %(byte)s). Gem den som UTF-8.") % {"byte": exc.start},
            )
        except OSError as exc:
            return ImportResult.fatal(
                0, "", _("Filen kan ikke læses: %(reason)s.") % {"reason": exc.strerror}
            )
        return self.import_text(text)

    def import_text(self, text: str) -> ImportResult:
        with (
            deferred_search_index(OfferPage) as self.indexed,
            deferred_search_index(Organisation) as self.indexed_organisations,
        ):
            result = self._import_text(text)
        result.errors.sort(key=lambda error: error.line)
        result.warnings = sorted(self.rows.warnings, key=lambda warning: warning.line)
        return result

    def _import_text(self, text: str) -> ImportResult:
        result = ImportResult()
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except StopIteration:
            return ImportResult.fatal(1, "", _("Filen er tom."))
        except csv.Error as exc:
            return ImportResult.fatal(
                1, "", _("Kan ikke læse kolonneoverskrifterne: %(reason)s.") % {"reason": exc}
            )
        header = [name.strip() for name in header]
        header_errors = check_header(header)
        if header_errors:
            result.errors.extend(header_errors)
            return result

        self._import_rows(self._csv_rows(reader, header, result), result)
        return result

    def import_rows(self, rows) -> ImportResult:
        """Import rows already read (``(line, {column: text})`` pairs, as from a CSV file):
        the same checks and writes as a file's rows (``import_hsds`` gives its records so)."""
        result = ImportResult()
        with (
            deferred_search_index(OfferPage) as self.indexed,
            deferred_search_index(Organisation) as self.indexed_organisations,
        ):
            self._import_rows(rows, result)
        result.errors.sort(key=lambda error: error.line)
        return result

    @staticmethod
    def _csv_rows(reader, header, result):
        """The file's rows as ``(line, row)``; a row that cannot be read is counted as failed."""
        line_after = reader.line_num
        while True:
            line = line_after + 1
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                result.failed += 1
                result.errors.append(
                    RowError(
                        line, "", _("Rækken kan ikke læses som CSV: %(reason)s.") % {"reason": exc}
                    )
                )
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
                        _("Rækken har %(values)s kolonner, men overskriften har %(header)s.")
                        % {"values": len(values), "header": len(header)},
                    )
                )
                continue
            yield line, {name: value.strip() for name, value in zip(header, values, strict=True)}

    def _import_rows(self, rows, result):
        seen_ids: dict[str, int] = {}
        pending: list[tuple[int, dict]] = []
        for line, row in rows:
            try:
                data = self.rows.clean(row, line)
                offer_id = data["external_id"]
                if offer_id in seen_ids:
                    raise RowInvalid(
                        [
                            RowError(
                                line,
                                "id",
                                _('Id\'et "%(id)s" står også på linje %(line)s.')
                                % {"id": offer_id, "line": seen_ids[offer_id]},
                            )
                        ]
                    )
                seen_ids[offer_id] = line
                if offer_id not in self.existing_ids:
                    check_offer_rules(data, line)
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
            raise RowInvalid(validation_errors(exc, line)) from exc

    def forget_unsaved(self):
        """A write was rolled back: the organisations and municipalities it created are gone
        again, so look them up afresh (a remembered one would be a foreign key to nothing)."""
        self.organisations = None
        self.parents = {}

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
                    offers = self._add_new_offers(parent, [data for _line, data in group])
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
            "summary", "description", "age_min", "age_max", *FORMAT_FIELDS.values(), "address",
            "postcode", "city", "latitude", "longitude", "phone", "email", "website", "schedule",
            "price", "price_note", "registration_required", "anonymous", "accessible",
        ):  # fmt: skip
            setattr(offer, name, data[name])
        # Before the import compares and the batch writes (which calls no save): a row without
        # a point gets its postcode's, as a saved offer would.
        place_from_postcode(offer)
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
            language, _created = Language.objects.get_or_create(code=code, defaults={"name": name})
            self.languages[code] = language
        return language
