"""A local administrator invites and removes co-administrators of their own municipality
(home.co_administrators), through the real admin views, and reaches no other user or group."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

User = get_user_model()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def list_url(municipality):
    return reverse("co_administrators", kwargs={"municipality_id": municipality.pk})


def remove_url(municipality, user):
    return reverse(
        "co_administrator_remove", kwargs={"municipality_id": municipality.pk, "user_id": user.pk}
    )


def invite(client, municipality, email="ny@kolding.dk", name="Nina Nielsen"):
    return client.post(list_url(municipality), {"name": name, "email": email})


def test_invitee_sets_a_password_and_administers_only_the_municipality(kolding, kolding_admin):
    client = client_for(kolding_admin)
    page = client.get(list_url(kolding))
    assert page.status_code == 200
    assert "Administratorer i Kolding" in page.content.decode()

    response = invite(client, kolding, email="Ny@Kolding.dk")
    assert response.status_code == 302
    invited = User.objects.get(email="ny@kolding.dk")
    assert list(invited.groups.all()) == [kolding.admin_group]
    assert not invited.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny@kolding.dk"]
    assert message.subject == "Du er inviteret som administrator af Socialkompas Kolding"
    link = re.search(r"http://testserver(/admin/password_reset/confirm/\S+/)", message.body)[1]
    followed = client.get(list_url(kolding))
    assert "ny@kolding.dk er inviteret som administrator i Kolding" in followed.content.decode()

    invitee = Client()
    set_password = invitee.get(link, follow=True)
    assert set_password.status_code == 200
    form_url = set_password.redirect_chain[-1][0]
    done = invitee.post(
        form_url,
        {"new_password1": "En-lang-og-god-kode-42", "new_password2": "En-lang-og-god-kode-42"},
    )
    assert done.status_code == 302
    assert invitee.login(username="ny@kolding.dk", password="En-lang-og-god-kode-42")
    assert invitee.get(reverse("wagtailadmin_explore", args=[kolding.pk])).status_code == 200
    assert invitee.get(list_url(kolding)).status_code == 200
    # The link works once.
    assert "ugyldig" in Client().get(link, follow=True).content.decode().lower() or (
        Client().get(link, follow=True).redirect_chain == []
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Nina", "email": ""}, "Skriv den e-mailadresse, invitationen skal sendes til."),
        ({"name": "Nina", "email": "nina@"}, "Skriv en gyldig e-mailadresse, fx navn@kommune.dk."),
        ({"name": "", "email": "nina@kolding.dk"}, "Skriv navnet på den, du vil invitere."),
    ],
)
def test_bad_invitations_say_what_to_do_and_keep_what_was_typed(
    kolding, kolding_admin, data, message
):
    response = client_for(kolding_admin).post(list_url(kolding), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    for value in data.values():
        if value:
            assert f'value="{value}"' in body
    assert not mail.outbox


def test_an_existing_account_is_not_pulled_into_the_municipality(
    kolding, kolding_admin, mariagerfjord_admin, national_editor
):
    client = client_for(kolding_admin)
    for user in (mariagerfjord_admin, national_editor):
        user.email = f"{user.username}@example.org"
        user.save()
        response = invite(client, kolding, email=user.email.upper())
        assert response.status_code == 200
        assert "har allerede en brugerkonto" in response.content.decode()
        assert kolding.admin_group not in user.groups.all()
    already = invite(client, kolding, email=kolding_admin.email)
    assert "er allerede administrator i Kolding" in already.content.decode()
    assert not mail.outbox


def test_removing_a_co_administrator(kolding, kolding_admin):
    client = client_for(kolding_admin)
    invite(client, kolding)
    colleague = User.objects.get(email="ny@kolding.dk")
    confirm = client.get(remove_url(kolding, colleague))
    assert confirm.status_code == 200
    assert "Vil du fjerne Nina Nielsen som administrator i Kolding?" in confirm.content.decode()
    response = client.post(remove_url(kolding, colleague))
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.groups.exists()
    assert not colleague.is_active
    # Not oneself.
    client.post(remove_url(kolding, kolding_admin))
    kolding_admin.refresh_from_db()
    assert kolding.admin_group in kolding_admin.groups.all()


def test_nothing_of_another_municipality_or_any_other_user(
    kolding, mariagerfjord, kolding_admin, mariagerfjord_admin, national_editor
):
    client = client_for(kolding_admin)
    assert client.get(list_url(mariagerfjord)).status_code == 403
    assert invite(client, mariagerfjord).status_code == 403
    assert client.post(remove_url(mariagerfjord, mariagerfjord_admin)).status_code == 403
    assert client.post(remove_url(kolding, mariagerfjord_admin)).status_code == 403
    assert client.post(remove_url(kolding, national_editor)).status_code == 403
    mariagerfjord_admin.refresh_from_db()
    national_editor.refresh_from_db()
    assert mariagerfjord_admin.is_active and mariagerfjord_admin.groups.exists()
    assert national_editor.groups.exists()
    for url in (
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:edit", args=[mariagerfjord_admin.pk]),
        reverse("wagtailusers_users:add"),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailusers_groups:edit", args=[kolding.admin_group_id]),
    ):
        assert client.get(url).status_code == 403, url
    assert not mail.outbox


def test_the_menu_leads_a_local_administrator_to_their_own_list(kolding, kolding_admin):
    dashboard = client_for(kolding_admin).get(reverse("wagtailadmin_home")).content.decode()
    assert f'"url": "{list_url(kolding)}"' in dashboard


def test_password_reset_tokens_are_kept_out_of_logs():
    from home.redaction import REDACTED, redact

    line = (
        '"GET /admin/password_reset/confirm/MTI/cx1b2c-0123456789abcdef0123456789abcdef/ HTTP/1.1"'
    )
    assert "0123456789abcdef" not in redact(line)
    assert REDACTED in redact(line)
