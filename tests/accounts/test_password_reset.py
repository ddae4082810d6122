"""Resetting a forgotten password by a link sent by e-mail."""

import pytest
from django.core import mail

from tests.accounts.markup import field_errors, in_language, link_in_mail, logged_in_user, parse
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kinmokusei-no-kaori-31"
BAD_TOKEN = (
    "The password reset link was invalid, possibly because it has already been used.  Please "
    'request a <a href="%(passwd_reset_url)s">new password reset</a>.'
)


def request_reset(client, email: str) -> str:
    response = client.post("/ja/accounts/password/reset/", {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/ja/accounts/password/reset/done/"
    (message,) = mail.outbox
    assert message.to == [email]
    return link_in_mail(message)


def set_password(client, link: str, password: str, password2: str | None = None):
    form_url = client.get(link)["Location"]
    return client.post(form_url, {"password1": password, "password2": password2 or password})


def log_in(client, email, password):
    client.post("/ja/accounts/login/", {"login": email, "password": password})
    return logged_in_user(client)


def test_reset_sets_a_new_password(client, resident):
    link = request_reset(client, resident.email)
    assert link.startswith("/ja/accounts/password/reset/key/")

    # allauth moves the key from the URL into the session before showing the form.
    redirect = client.get(link)
    assert redirect.status_code == 302
    form_page = client.get(redirect["Location"])
    assert parse(form_page).find("input", attrs={"name": "password1"}) is not None

    response = client.post(
        redirect["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/ja/accounts/password/reset/key/done/"
    assert not logged_in_user(client).is_authenticated
    assert not log_in(client, resident.email, PASSWORD).is_authenticated
    assert log_in(client, resident.email, NEW_PASSWORD) == resident


def test_reset_form_refuses_mismatched_passwords_next_to_the_field(client, resident):
    response = set_password(client, request_reset(client, resident.email), NEW_PASSWORD, "other")

    assert response.status_code == 200
    message = in_language("ja", "You must type the same password each time.")
    assert field_errors(response, "password2") == [message]
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)


def test_used_reset_link_is_invalid_and_offers_a_new_request(client, resident):
    link = request_reset(client, resident.email)
    set_password(client, link, NEW_PASSWORD)

    response = client.get(link, follow=True)

    assert response.status_code == 200
    reset_url = "/ja/accounts/password/reset/"
    message = in_language("ja", BAD_TOKEN) % {"passwd_reset_url": reset_url}
    assert message != BAD_TOKEN % {"passwd_reset_url": reset_url}
    assert message in response.content.decode()
    assert parse(response).find("input", attrs={"name": "password1"}) is None
    # Following the offer sends a new, working link.
    mail.outbox.clear()
    set_password(client, request_reset(client, resident.email), "third-password-of-mine")
    assert log_in(client, resident.email, "third-password-of-mine") == resident


def test_tampered_reset_link_is_invalid(client, resident):
    link = request_reset(client, resident.email)
    response = client.get(link[:-3] + "xx/", follow=True)
    assert parse(response).find("input", attrs={"name": "password1"}) is None
    assert 'href="/ja/accounts/password/reset/"' in response.content.decode()


def test_reset_for_an_unknown_address_looks_the_same(client, resident):
    """No account enumeration: the page is the same; the mail says there is no account."""
    response = client.post("/ja/accounts/password/reset/", {"email": "nobody@example.jp"})

    assert response["Location"] == "/ja/accounts/password/reset/done/"
    (message,) = mail.outbox
    assert message.to == ["nobody@example.jp"]
    assert "/accounts/password/reset/key/" not in message.body
