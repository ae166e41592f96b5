"""Organisations belong to a municipality (issue 12).

Names were unique across the country, and an organisation could be named by offers of any
municipality. From now on an offer names its own municipality's organisation or a national
one. Existing rows are kept: an organisation stays where it is, pointed at its municipality's
Danish page, and every offer (and its revisions) that names another municipality's
organisation gets an organisation of the same name and provider type in its own municipality
(national for national offers). The copy takes no contact details or CVR number: those were
entered for the other municipality. The new unique constraints follow in 0009.
"""

from django.db import migrations


def split_shared_organisations(apps, schema_editor):
    Organisation = apps.get_model("offers", "Organisation")
    OfferPage = apps.get_model("offers", "OfferPage")
    MunicipalityPage = apps.get_model("home", "MunicipalityPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")

    pages = list(MunicipalityPage.objects.values_list("pk", "translation_key", "admin_group_id"))
    source_of_key = {key: pk for pk, key, group in pages if group is not None}
    source = {pk: source_of_key.get(key, pk) for pk, key, _group in pages}

    for pk, municipality_id in Organisation.objects.exclude(municipality=None).values_list(
        "pk", "municipality_id"
    ):
        if source.get(municipality_id, municipality_id) != municipality_id:
            Organisation.objects.filter(pk=pk).update(municipality_id=source[municipality_id])

    organisations = {o.pk: o for o in Organisation.objects.all()}
    by_key = {(o.municipality_id, o.name.lower()): o.pk for o in organisations.values()}
    offer_type = ContentType.objects.filter(app_label="offers", model="offerpage").first()
    offers = OfferPage.objects.values_list("pk", "municipality_id", "organisation_id")
    for offer_pk, municipality_id, organisation_id in offers.order_by("pk"):
        organisation = organisations[organisation_id]
        wanted = source.get(municipality_id, municipality_id) if municipality_id else None
        if organisation.municipality_id is None or organisation.municipality_id == wanted:
            continue
        key = (wanted, organisation.name.lower())
        if key not in by_key:
            by_key[key] = Organisation.objects.create(
                name=organisation.name,
                provider_type_id=organisation.provider_type_id,
                municipality_id=wanted,
            ).pk
        OfferPage.objects.filter(pk=offer_pk).update(organisation_id=by_key[key])
        revisions = Revision.objects.filter(content_type=offer_type, object_id=str(offer_pk))
        for revision in revisions.iterator():
            if revision.content.get("organisation") == organisation_id:
                revision.content["organisation"] = by_key[key]
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0004_municipalitypage_promotion_text"),
        ("offers", "0009_private_link_use"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="organisation", name="organisation_name_unique_ci"),
        migrations.RunPython(split_shared_organisations, migrations.RunPython.noop),
    ]
