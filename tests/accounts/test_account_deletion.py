"""Deleting one's own account: confirmed by password, everything personal goes, a mail says so."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import Profile, User
from tests.accounts.markup import field_errors, in_language, logged_in_user, parse
from tests.factories import PASSWORD, ProxyResidentFactory

pytestmark = pytest.mark.django_db

DELETE_URL = "/ja/accounts/delete/"


def account_exists(user) -> bool:
    return (
        User.objects.filter(pk=user.pk).exists()
        and Profile.objects.filter(user_id=user.pk).exists()
        and EmailAddress.objects.filter(user_id=user.pk).exists()
    )


def test_get_shows_a_confirmation_page_and_deletes_nothing(client, resident):
    client.force_login(resident)

    page = client.get(DELETE_URL)

    assert page.status_code == 200
    form = parse(page).find("form", action=DELETE_URL)
    assert form["method"] == "post"
    assert form.find("input", attrs={"name": "password", "type": "password"}) is not None
    assert form.find("input", attrs={"name": "confirm", "type": "checkbox"}) is not None
    assert parse(page).find("a", href="/ja/accounts/export/") is not None
    assert account_exists(resident)


@pytest.mark.parametrize(
    ("data", "field", "msgid"),
    [
        (
            {"password": "not my password", "confirm": "on"},
            "password",
            "This password is not correct.",
        ),
        ({"password": PASSWORD}, "confirm", "This field is required."),
        ({"confirm": "on"}, "password", "This field is required."),
    ],
    ids=["wrong password", "unticked confirmation", "no password"],
)
def test_refused_without_password_and_confirmation(
    client, resident, django_capture_on_commit_callbacks, data, field, msgid
):
    client.force_login(resident)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE_URL, data)

    assert response.status_code == 200
    assert field_errors(response, field) == [in_language("ja", msgid)]
    assert account_exists(resident)
    assert logged_in_user(client) == resident
    assert mail.outbox == []


def test_deleting_removes_the_account_logs_out_and_sends_a_mail(
    client, resident, demo_site, django_capture_on_commit_callbacks
):
    email = resident.email
    client.force_login(resident)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=resident.pk).exists()
    assert not Profile.objects.filter(user_id=resident.pk).exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert not logged_in_user(client).is_authenticated

    (message,) = mail.outbox
    assert message.to == [email]
    assert message.subject == in_language("ja", "Your Yui account has been deleted")
    assert in_language("ja", "Your account and your personal data have been deleted.") in (
        message.body
    )

    home = client.get(response["Location"], follow=True)
    notice = in_language("ja", "Your account and your personal data have been deleted.")
    assert notice in home.content.decode()

    client.post("/ja/accounts/login/", {"login": email, "password": PASSWORD})
    assert not logged_in_user(client).is_authenticated
    assert client.get("/ja/accounts/").status_code == 302


def test_goodbye_mail_is_sent_only_after_commit(
    client, resident, django_capture_on_commit_callbacks
):
    client.force_login(resident)

    with django_capture_on_commit_callbacks() as callbacks:
        client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})
        assert mail.outbox == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_goodbye_mail_is_in_the_residents_language(
    client, resident, django_capture_on_commit_callbacks
):
    resident.profile.language = "en"
    resident.profile.save()
    client.force_login(resident)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})

    assert mail.outbox[0].subject == "Your Yui account has been deleted"


def test_others_password_cannot_delete_an_account(
    client, resident, other_resident, django_capture_on_commit_callbacks
):
    """The view has no id: whatever is posted, only the logged-in user can be deleted."""
    client.force_login(other_resident)
    resident.set_password("residents own password")
    resident.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{DELETE_URL}?user={resident.pk}",
            {"password": "residents own password", "confirm": "on", "user": resident.pk},
        )

    assert field_errors(response, "password")
    assert account_exists(resident) and account_exists(other_resident)
    assert mail.outbox == []


def test_deleting_oneself_leaves_other_accounts_alone(
    client, resident, other_resident, django_capture_on_commit_callbacks
):
    client.force_login(other_resident)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{DELETE_URL}?user={resident.pk}",
            {"password": PASSWORD, "confirm": "on", "user": resident.pk, "email": resident.email},
        )

    assert not User.objects.filter(pk=other_resident.pk).exists()
    assert account_exists(resident)
    assert [message.to for message in mail.outbox] == [[other_resident.email]]
    assert logged_in_user(client).is_anonymous
    client.post("/ja/accounts/login/", {"login": resident.email, "password": PASSWORD})
    assert logged_in_user(client) == resident


def test_a_coordinator_who_looks_after_proxy_residents_can_delete_their_account(
    client, django_capture_on_commit_callbacks
):
    """Their proxy residents stay (with their consent record) and lose only the link to them."""
    proxy = ProxyResidentFactory()
    coordinator = proxy.coordinator
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=coordinator.pk).exists()
    proxy.refresh_from_db()
    assert proxy.coordinator is None
    assert proxy.consent_recorded_by is None
    assert proxy.consent_scope


def test_a_resident_who_took_part_in_everything_can_delete_their_account(
    client, resident, other_resident, django_capture_on_commit_callbacks
):
    """Their applications, bookings, requests and memberships go; what others keep stays: the
    community they started, their board post and group messages, shown as from nobody."""
    from communities.models import BoardPost, Community
    from listings.models import Booking
    from messaging.models import Message
    from tests.accounts.test_data_export import take_part_in_everything

    take_part_in_everything(resident, other_resident)
    client.force_login(resident)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert not account_exists(resident)
    assert list(Booking.objects.values_list("booker", flat=True)) == [other_resident.pk]
    assert Community.objects.get().created_by is None
    assert BoardPost.objects.get().author is None
    assert set(Message.objects.values_list("sender", flat=True)) == {None, other_resident.pk}
