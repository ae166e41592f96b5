"""New offers in an import are written in batches (offers.bulk_pages): they must be the same
complete Wagtail pages that ``add_child`` + ``save_revision().publish()`` would make."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry, ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from home.page_cache import GENERATION_KEY
from offers import importing
from offers.importing import OfferImporter
from offers.models import OfferPage, Organisation
from search.models import SearchWord
from tests.offers.test_import import csv_text, read_rows

pytestmark = pytest.mark.django_db


def kolding_rows(example_csv, count, start=1, title=None):
    template = next(row for row in read_rows(example_csv) if row["municipality"] == "Kolding")
    return [
        dict(
            template,
            id=f"bulk-{number:04}",
            title=title or f"Samtalegruppe nummer {number}",
            organisation=f"Forening {number % 3}",
        )
        for number in range(start, start + count)
    ]


def test_new_offers_are_whole_live_wagtail_pages(kolding, example_csv, admin_client):
    OfferImporter().import_text(csv_text(kolding_rows(example_csv, 1, title="Sorggruppe")))
    rows = kolding_rows(example_csv, 4, start=2, title="Sorggruppe")  # slugs must not collide
    rows.append(dict(kolding_rows(example_csv, 1, start=6)[0], title="Søg"))  # a route's name
    result = OfferImporter().import_text(csv_text(rows))
    assert result.ok and result.created == 5

    assert all(not problems for problems in Page.find_problems())  # treebeard's tree check
    kolding.refresh_from_db()
    assert kolding.numchild == kolding.get_children().count() == 6
    offers = list(OfferPage.objects.child_of(kolding).order_by("path"))
    slugs = [offer.slug for offer in offers]
    assert slugs == [
        "sorggruppe", "sorggruppe-2", "sorggruppe-3", "sorggruppe-4", "sorggruppe-5", "soeg-2"
    ]  # fmt: skip
    for offer in offers:
        assert offer.live and not offer.has_unpublished_changes
        assert offer.url_path == f"{kolding.url_path}{offer.slug}/"
        assert offer.locale_id == kolding.locale_id and offer.municipality == kolding
        assert offer.latest_revision_id == offer.live_revision_id is not None
        assert offer.latest_revision.as_object().title == offer.title
        actions = set(PageLogEntry.objects.filter(page=offer).values_list("action", flat=True))
        assert {"wagtail.create", "wagtail.publish"} <= actions
        assert (
            ReferenceIndex.get_references_for_object(offer)
            .filter(to_object_id=str(offer.organisation_id))
            .exists()
        )
        assert admin_client.get(offer.url).status_code == 200

    new = offers[-1]
    first_revision = new.live_revision_id
    assert new.organisation.name == "Forening 0" and new.organisation.municipality == kolding
    assert [s.slug for s in new.life_situations.all()] == ["sorg"]
    assert {g.slug for g in new.target_groups.all()} == {"voksne", "aeldre"}
    assert [lang.code for lang in new.languages.all()] == ["da"]
    # Found by the search, and its words are in the lexicon for "Mente du".
    assert new in OfferPage.objects.live().search("samtalegruppe")
    assert len(get_search_backend().search("Forening", Organisation)) == 3
    assert SearchWord.objects.filter(text="samtalegruppe").exists()

    # An editor can open and publish it in the admin like any other offer.
    edit = admin_client.get(f"/admin/pages/{new.pk}/edit/")
    assert edit.status_code == 200
    form = edit.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "summary": "Ny tekst fra redaktøren.",
            "action-publish": "publish",
            "life_situations": [s.pk for s in new.life_situations.all()],
            "target_groups": [g.pk for g in new.target_groups.all()],
            "offer_kinds": [k.pk for k in new.offer_kinds.all()],
            "languages": [lang.pk for lang in new.languages.all()],
        }
    )
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    # The inline formsets (comments, the recurring times) as the browser posts them: none.
    data.update(nested_form_data({"comments": inline_formset([]), "schedules": inline_formset([])}))
    response = admin_client.post(f"/admin/pages/{new.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    new.refresh_from_db()
    assert new.summary == "Ny tekst fra redaktøren." and new.live
    assert new.live_revision_id != first_revision


def test_import_queries_do_not_grow_with_the_number_of_new_offers(kolding, example_csv):
    def queries_for(rows):
        with CaptureQueriesContext(connection) as captured:
            result = OfferImporter().import_text(csv_text(rows))
        assert result.created == len(rows)
        return len(captured)

    few = queries_for(kolding_rows(example_csv, 5, start=1))
    many = queries_for(kolding_rows(example_csv, 60, start=100))
    assert many <= few + 5, (few, many)


def test_a_batch_the_database_refuses_is_written_row_by_row(kolding, example_csv, monkeypatch):
    real = importing.add_published_children
    calls = []

    def refuse_once(parent, pages):
        calls.append(len(pages))
        if len(calls) == 1:
            real(parent, pages)  # written, then refused: nothing of it may stay
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(parent, pages)

    monkeypatch.setattr(importing, "add_published_children", refuse_once)
    result = OfferImporter().import_text(csv_text(kolding_rows(example_csv, 4)))

    assert result.ok and result.created == 4, result.errors
    assert calls == [4]  # the rows were then written one at a time, Wagtail's way
    assert OfferPage.objects.count() == 4
    assert Organisation.objects.count() == 3  # the batch's organisations were not kept twice
    assert all(not problems for problems in Page.find_problems())
    assert all(offer.organisation_id for offer in OfferPage.objects.all())


def test_a_bulk_import_makes_cached_pages_stale(kolding, example_csv):
    cache.set(GENERATION_KEY, 7, timeout=None)
    OfferImporter().import_text(csv_text(kolding_rows(example_csv, 2)))
    assert cache.get(GENERATION_KEY) != 7


def test_rows_written_one_by_one_after_a_batch_find_the_tree_as_it_is(
    kolding, example_csv, monkeypatch
):
    """The importer keeps the municipality page between batches: after a batch its child
    count must be right (treebeard's get_children() trusts it), or the next batch and single
    rows do not see the slugs already taken."""
    real = importing.add_published_children
    calls = []

    def refuse_second(parent, pages):
        calls.append(len(pages))
        if len(calls) == 2:
            raise IntegrityError("refused")
        return real(parent, pages)

    monkeypatch.setattr(importing, "add_published_children", refuse_second)
    monkeypatch.setattr(OfferImporter, "BATCH_SIZE", 2)
    rows = kolding_rows(example_csv, 6, title="Samme titel")
    result = OfferImporter().import_text(csv_text(rows))

    assert result.ok and result.created == 6, result.errors
    assert calls == [2, 2, 2]
    assert all(not problems for problems in Page.find_problems())
    slugs = list(OfferPage.objects.child_of(kolding).values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 6, slugs


def test_a_row_that_fails_after_creating_its_organisation_leaves_no_phantom(
    kolding, example_csv, monkeypatch
):
    """The importer remembers organisations; one created by a row that is then rolled back
    must be forgotten, or the next row naming it points at nothing."""
    monkeypatch.setattr(
        importing, "add_published_children", lambda *a, **k: (_ for _ in ()).throw(IntegrityError)
    )  # every row is written on its own
    real_slug = importing.free_child_slug
    calls = []

    def fail_first(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ValidationError({"slug": ["Optaget."]})
        return real_slug(*args, **kwargs)

    monkeypatch.setattr(importing, "free_child_slug", fail_first)
    rows = [dict(row, organisation="Ny forening") for row in kolding_rows(example_csv, 2)]
    result = OfferImporter().import_text(csv_text(rows))

    assert result.created == 1 and result.failed == 1, result.errors
    assert OfferPage.objects.get().organisation.name == "Ny forening"
