"""A confirmation link that has expired or was already used says so and offers a new one."""

import re
import time
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.cache import cache

from tests.accounts.markup import in_language, link_in_mail, logged_in_user, parse

EMAIL = "kenta@example.jp"
PASSWORD = "asagiri-no-machi-58"
EXPIRED_MESSAGE = (
    'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a '
    "new email confirmation request</a>."
)

CONFIRM_URL = re.compile(r"^/(ja|en)/accounts/confirm-email/[^/]+/$")

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmation_link(client):
    client.post(
        "/ja/accounts/signup/", {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD}
    )
    client.logout()
    (message,) = mail.outbox
    mail.outbox.clear()
    return link_in_mail(message)


def days_later(monkeypatch, days: int) -> None:
    """Move the clock that checks signed links (allauth's confirmation keys) forward."""
    now = time.time() + days * 24 * 60 * 60
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: now))


def confirm_form(response):
    """The form that confirms the address (its key is signed afresh on every view)."""
    return parse(response).find("form", action=CONFIRM_URL, method="post")


def assert_says_link_is_invalid(response, language="ja"):
    assert response.status_code == 200
    email_url = f"/{language}/accounts/email/"
    message = in_language(language, EXPIRED_MESSAGE) % {"email_url": email_url}
    if language == "ja":
        assert message != EXPIRED_MESSAGE % {"email_url": email_url}
    assert message in response.content.decode()
    assert confirm_form(response) is None


def test_link_works_until_it_expires(client, confirmation_link, monkeypatch, settings):
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
    days_later(monkeypatch, 2)
    page = client.get(confirmation_link)
    assert confirm_form(page) is not None


def test_expired_link_says_so_and_does_not_confirm(client, confirmation_link, monkeypatch):
    days_later(monkeypatch, 4)

    assert_says_link_is_invalid(client.get(confirmation_link))
    assert client.post(confirmation_link).status_code == 404
    assert EmailAddress.objects.get(email=EMAIL).verified is False
    assert not logged_in_user(client).is_authenticated


def test_expired_link_leads_to_a_new_one_that_works(client, confirmation_link, monkeypatch):
    days_later(monkeypatch, 4)
    page = client.get(confirmation_link)
    new_request = parse(page).find("a", href="/ja/accounts/email/")
    assert new_request is not None

    # Managing e-mail addresses needs a login; logging in with the unconfirmed address
    # sends a fresh link (the send rate limit of four days ago has long run out).
    login_page = client.get(new_request["href"])
    assert login_page["Location"] == "/ja/accounts/login/?next=/ja/accounts/email/"
    cache.clear()
    response = client.post(login_page["Location"], {"login": EMAIL, "password": PASSWORD})

    assert response["Location"] == "/ja/accounts/confirm-email/"
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    new_link = link_in_mail(message)
    assert new_link != confirmation_link
    assert confirm_form(client.get(new_link)) is not None
    client.post(new_link)
    assert EmailAddress.objects.get(email=EMAIL).verified is True


def test_used_link_says_so(client, confirmation_link):
    assert client.post(confirmation_link).status_code == 302
    client.post("/ja/accounts/logout/")

    assert_says_link_is_invalid(client.get(confirmation_link))
    assert_says_link_is_invalid(client.get(confirmation_link.replace("/ja/", "/en/")), "en")
