"""Signing up with an e-mail address and a password, then confirming the address by a link."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core import mail
from django.utils import translation

from accounts.models import User
from tests.accounts.markup import (
    field_errors,
    in_language,
    input_value,
    link_in_mail,
    logged_in_user,
    parse,
)

NEW_EMAIL = "aiko@example.jp"
NEW_PASSWORD = "hidamari-no-niwa-77"
VERIFY_HEADING = "Verify Your Email Address"

pytestmark = pytest.mark.django_db


def sign_up(client, language="ja", **data):
    form = {"email": NEW_EMAIL, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD} | data
    return client.post(f"/{language}/accounts/signup/", form)


def test_sign_up_sends_a_confirmation_link_and_confirming_logs_in(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/ja/accounts/confirm-email/"
    user = User.objects.get(email=NEW_EMAIL)
    assert not logged_in_user(client).is_authenticated
    assert EmailAddress.objects.get(user=user, email=NEW_EMAIL).verified is False
    sent_page = client.get(response["Location"])
    assert sent_page.status_code == 200
    assert parse(sent_page).h1.get_text(strip=True) == in_language("ja", VERIFY_HEADING)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [NEW_EMAIL]
    link = link_in_mail(mail.outbox[0])
    assert link.startswith("/ja/accounts/confirm-email/")

    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    # The form's key is signed afresh, so it may differ from the link's in its timestamp.
    form = parse(confirm_page).find("form", action=re.compile(r"^/ja/accounts/confirm-email/"))
    assert form is not None and form["method"] == "post"
    assert NEW_EMAIL in confirm_page.content.decode()
    # Opening the link (a mail scanner may do that) confirms nothing.
    assert EmailAddress.objects.get(user=user).verified is False

    confirmed = client.post(link)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/ja/accounts/"
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary
    assert logged_in_user(client) == user
    assert client.get("/ja/accounts/").status_code == 200


def test_login_before_confirming_is_refused_and_points_to_the_sent_mail(client):
    sign_up(client)
    client.logout()

    response = client.post("/ja/accounts/login/", {"login": NEW_EMAIL, "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/ja/accounts/confirm-email/"
    assert not logged_in_user(client).is_authenticated
    sent_page = client.get(response["Location"])
    assert parse(sent_page).h1.get_text(strip=True) == in_language("ja", VERIFY_HEADING)
    assert client.get("/ja/accounts/")["Location"].startswith("/ja/accounts/login/")


BAD_SIGN_UPS = [
    # (what is wrong, form data, field with the error, Django/allauth msgid of the error)
    ("invalid e-mail", {"email": "aiko@"}, "email", "Enter a valid email address."),
    (
        "mismatched passwords",
        {"password2": NEW_PASSWORD + "x"},
        "password2",
        "You must type the same password each time.",
    ),
    (
        "common password",
        {"password1": "password", "password2": "password"},
        "password1",
        "This password is too common.",
    ),
]


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    ("problem", "data", "field", "msgid"), BAD_SIGN_UPS, ids=[case[0] for case in BAD_SIGN_UPS]
)
def test_bad_sign_up_shows_the_error_next_to_the_field_and_keeps_the_email(
    client, language, problem, data, field, msgid
):
    response = sign_up(client, language, **data)

    assert response.status_code == 200
    assert parse(response).html["lang"] == language
    expected = in_language(language, msgid)
    if language == "ja":
        assert expected != msgid, "the Japanese catalogs should translate this message"
    assert field_errors(response, field) == [expected]
    assert input_value(response, "email") == data.get("email", NEW_EMAIL)
    assert not User.objects.exists()
    assert mail.outbox == []


def test_bad_sign_up_under_ja_is_not_in_english(client):
    response = sign_up(client, "ja", email="aiko@", password2="other-password-99")

    page = response.content.decode()
    assert "Enter a valid email address." not in page
    assert "You must type the same password each time." not in page
    assert in_language("ja", "Enter a valid email address.") in page


def test_sign_up_with_a_used_address_reveals_nothing_and_tells_the_owner(client, resident):
    """allauth prevents account enumeration: the page is the same as for a new address.

    The owner of the address gets a mail instead, pointing to the password reset.
    """
    response = sign_up(client, email=resident.email.upper())

    assert response.status_code == 302
    assert response["Location"] == "/ja/accounts/confirm-email/"
    assert User.objects.filter(email__iexact=resident.email).count() == 1
    assert not logged_in_user(client).is_authenticated
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [resident.email]
    assert link_in_mail(mail.outbox[0]) == "/ja/accounts/password/reset/"
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD) is False


def test_password_rules_are_the_described_help_of_the_password_field(client):
    page = parse(client.get("/ja/accounts/signup/"))

    password = page.find("input", attrs={"name": "password1"})
    help_text = page.find(id=password["aria-describedby"])
    # The rules are a list, which a <p> cannot hold: browsers would end the <p> before it and
    # leave the described element empty.
    assert help_text.name == "div"
    rules = [item.get_text() for item in help_text.find_all("li")]
    assert len(rules) == len(settings.AUTH_PASSWORD_VALIDATORS)
    with translation.override("ja"):
        assert rules == password_validators_help_texts()
    with translation.override("en"):
        assert rules != password_validators_help_texts()
