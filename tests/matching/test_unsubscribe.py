"""One-click unsubscribe from match e-mails: a signed token, no login, harmless to reuse."""

import pytest
from bs4 import BeautifulSoup
from django.core import signing

from accounts.models import EmailFrequency
from matching.unsubscribe import SALT, make_token

pytestmark = pytest.mark.django_db


def url(token: str, language: str = "en") -> str:
    return f"/{language}/matching/unsubscribe/{token}/"


def state(response) -> str:
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return page.select_one("[data-unsubscribe-state]")["data-unsubscribe-state"]


def preference(user) -> str:
    user.profile.refresh_from_db()
    return user.profile.email_on_match


def test_the_link_asks_before_unsubscribing(client, resident):
    response = client.get(url(make_token(resident)))

    assert response.status_code == 200
    assert state(response) == "confirm"
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.find("form", method="post", action=url(make_token(resident))).find("button")
    assert preference(resident) == EmailFrequency.DAILY  # a GET changes nothing


def test_the_button_unsubscribes_without_logging_in(client, resident):
    response = client.post(url(make_token(resident)))

    assert response.status_code == 200
    assert state(response) == "done"
    assert preference(resident) == EmailFrequency.NEVER
    assert "_auth_user_id" not in client.session


def test_one_click_from_the_mail_program_needs_no_csrf_token(resident):
    from django.test import Client

    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        url(make_token(resident)),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert preference(resident) == EmailFrequency.NEVER


def test_reusing_the_token_is_harmless(client, resident):
    token = make_token(resident)
    client.post(url(token))

    again = client.post(url(token))
    looked = client.get(url(token))

    assert again.status_code == looked.status_code == 200
    assert state(again) == state(looked) == "already"
    assert preference(resident) == EmailFrequency.NEVER


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.split(":")[0],
        lambda token: "not-a-token",
    ],
    ids=["changed signature", "no signature", "garbage"],
)
def test_a_tampered_token_is_refused_clearly(client, resident, other_resident, tamper):
    token = tamper(make_token(resident))

    for response in (client.get(url(token)), client.post(url(token))):
        assert response.status_code == 400
        assert state(response) == "invalid"
        assert "not valid" in response.content.decode()
    assert preference(resident) == EmailFrequency.DAILY


def test_a_token_signed_for_something_else_is_refused(client, resident, other_resident):
    elsewhere = signing.Signer(salt="another.purpose").sign_object({"u": resident.pk, "t": "match"})
    other_topic = signing.Signer(salt=SALT).sign_object({"u": resident.pk, "t": "news"})

    assert client.post(url(elsewhere)).status_code == 400
    assert client.post(url(other_topic)).status_code == 400
    assert preference(resident) == EmailFrequency.DAILY


def test_each_token_unsubscribes_only_its_resident(client, resident, other_resident):
    client.post(url(make_token(resident)))

    assert preference(resident) == EmailFrequency.NEVER
    assert preference(other_resident) == EmailFrequency.DAILY


def test_the_preference_stays_editable_on_the_profile(client, resident):
    client.post(url(make_token(resident)))
    client.force_login(resident)

    response = client.get("/en/accounts/profile/")

    assert 'name="email_on_match"' in response.content.decode()
