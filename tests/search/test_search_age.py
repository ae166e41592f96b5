"""A search by age (``age=12``) and the target groups' age spans (offers/models/taxonomy.py,
search.parameters.age_condition, migration offers 0012)."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from offers.models import OfferPage, TargetGroup
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db

#: What migration 0012 fills in, and what the names of offer-format.md say.
SPANS = {
    "boern": (0, 12),
    "unge": (13, 17),
    "unge-voksne": (18, 29),
    "voksne": (30, 64),
    "aeldre": (65, None),
    "foraeldre": (None, None),
    "paaroerende": (None, None),
    "familier": (None, None),
    "maend": (None, None),
    "kvinder": (None, None),
}


def _offer(parent, title, groups=(), **fields):
    offer = OfferPageFactory(parent=parent, title=title, **fields)
    offer.target_groups.set(TargetGroup.objects.filter(slug__in=groups))
    offer.save()
    return offer


def _found(client, age, url="/kolding/soeg/"):
    response = client.get(url, {"age": str(age)})
    assert response.status_code == 200
    return {offer.pk for offer in response.context["results"].paginator.object_list}


def _api_found(client, age):
    data = client.get(
        "/api/search/", {"municipality": "kolding", "age": str(age), "page_size": 100}
    ).json()
    assert data["count"] <= 100
    return {int(r["id"]) for r in data["results"] if r["id"].isdigit()}


def test_the_migration_gives_the_five_age_groups_their_spans(db):
    spans = {g.slug: (g.age_min, g.age_max) for g in TargetGroup.objects.all()}
    assert spans == SPANS


def test_the_migration_keeps_a_span_an_editor_has_set(db):
    migration = importlib.import_module("offers.migrations.0012_target_group_age_span")
    TargetGroup.objects.filter(slug="aeldre").update(age_min=60, age_max=None)
    TargetGroup.objects.filter(slug="unge").update(age_min=None, age_max=None)
    migration.fill_age_spans(apps, None)
    assert TargetGroup.objects.values_list("age_min", "age_max").get(slug="aeldre") == (60, None)
    assert TargetGroup.objects.values_list("age_min", "age_max").get(slug="unge") == (13, 17)


def test_an_offer_for_the_elderly_is_not_found_for_a_child(client, kolding):
    elderly = _offer(kolding, "Seniorklub", ["aeldre"])
    assert elderly.pk not in _found(client, 12)
    assert elderly.pk in _found(client, 70)
    assert elderly.pk in _found(client, 65)
    assert elderly.pk not in _found(client, 64)
    # The API and the page share the rule.
    assert elderly.pk not in _api_found(client, 12)
    assert elderly.pk in _api_found(client, 70)


def test_an_offer_for_several_age_groups_is_found_within_any_of_them(client, kolding):
    children_and_young = _offer(kolding, "Lektiecafé", ["boern", "unge"])
    for age in (5, 12, 13, 17):
        assert children_and_young.pk in _found(client, age), age
    assert children_and_young.pk not in _found(client, 18)


def test_an_offer_with_its_own_age_range_is_found_by_it(client, kolding):
    # Its own range is the more precise: the target group does not widen or narrow it.
    young_adults = _offer(kolding, "Studiegruppe", ["aeldre"], age_min=18, age_max=29)
    from_forty = _offer(kolding, "Voksenklub", ["boern"], age_min=40)
    assert young_adults.pk in _found(client, 20)
    assert young_adults.pk not in _found(client, 70)
    assert from_forty.pk in _found(client, 70)
    assert from_forty.pk not in _found(client, 10)


def test_groups_without_a_span_match_every_age(client, kolding):
    parents = _offer(kolding, "Forældrecafé", ["foraeldre", "familier"])
    no_groups = _offer(kolding, "Åbent hus")
    # A relative of an elderly person may be 40: "Pårørende" lets the offer match every age.
    elderly_and_relatives = _offer(kolding, "Pårørendegruppe", ["aeldre", "paaroerende"])
    for age in (0, 12, 40, 70):
        found = _found(client, age)
        assert {parents.pk, no_groups.pk, elderly_and_relatives.pk} <= found, age


def test_an_edited_span_is_used_at_once(client, kolding):
    elderly = _offer(kolding, "Seniorklub", ["aeldre"])
    assert elderly.pk not in _found(client, 60)
    group = TargetGroup.objects.get(slug="aeldre")
    group.age_min = 60
    group.save()  # the cached vocabulary is forgotten (search.signals)
    assert elderly.pk in _found(client, 60)


def test_the_age_filter_is_one_condition_with_one_subquery_on_the_tags(client, kolding):
    from search.parameters import SearchParams

    params = SearchParams.from_querydict(_querydict(age="12"))
    sql = str(OfferPage.objects.filter(params.active_filters()["age"]).query)
    assert sql.count("SELECT") == 2  # the offers, and the tags of each
    assert sql.count("offers_offerpage_target_groups") >= 1
    assert '"offers_targetgroup"' not in sql  # the spans are read from the cached vocabulary


def _querydict(**values):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.update(values)
    return data


# The admin: national editors set the spans, with Danish labels and a check.


def _edit_form(group, **changes):
    data = {
        "name": group.name,
        "slug": group.slug,
        "description": group.description,
        "sort_order": group.sort_order,
        "translated_names": "{}",
        "age_min": "" if group.age_min is None else group.age_min,
        "age_max": "" if group.age_max is None else group.age_max,
    }
    data.update(changes)
    return data


def test_national_editors_set_a_span_in_the_admin(client, demo):
    assert client.login(username="redaktoer", password="socialkompas")
    group = TargetGroup.objects.get(slug="maend")
    url = reverse("wagtailsnippets_offers_targetgroup:edit", args=[group.pk])
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert "Alder fra" in html and "Alder til" in html

    response = client.post(url, _edit_form(group, age_min="18", age_max=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    group.refresh_from_db()
    assert (group.age_min, group.age_max) == (18, None)


def test_the_admin_refuses_a_span_that_ends_before_it_begins(client, demo):
    assert client.login(username="redaktoer", password="socialkompas")
    group = TargetGroup.objects.get(slug="voksne")
    url = reverse("wagtailsnippets_offers_targetgroup:edit", args=[group.pk])
    response = client.post(url, _edit_form(group, age_min="65", age_max="30", name="Ny navn"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    message = '"Alder til" skal være mindst lige så høj som "alder fra".'
    assert message in errors["age_max"]
    assert "Alder til" in response.content.decode()
    # Nothing typed is lost: the form comes back with what was sent.
    assert response.context["form"]["age_min"].value() == "65"
    assert response.context["form"]["name"].value() == "Ny navn"
    group.refresh_from_db()
    assert (group.age_min, group.age_max, group.name) == (30, 64, "Voksne (30-64 år)")
