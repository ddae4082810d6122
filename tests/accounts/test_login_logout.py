"""Logging in with e-mail and password; logging out only by POST."""

import pytest

from tests.accounts.markup import in_language, input_value, logged_in_user, parse
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

WRONG_LOGIN = "The email address and/or password you specified are not correct."


def test_login_with_email_and_password(client, resident):
    response = client.post("/ja/accounts/login/", {"login": resident.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/ja/accounts/"
    assert logged_in_user(client) == resident
    overview = client.get(response["Location"])
    assert overview.status_code == 200
    assert resident.email in overview.content.decode()


def test_login_ignores_the_case_of_the_address(client, resident):
    client.post("/ja/accounts/login/", {"login": resident.email.upper(), "password": PASSWORD})
    assert logged_in_user(client) == resident


def test_login_goes_to_next(client, resident):
    response = client.post(
        "/ja/accounts/login/?next=/ja/accounts/profile/",
        {"login": resident.email, "password": PASSWORD},
    )
    assert response["Location"] == "/ja/accounts/profile/"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_wrong_password_is_refused_in_the_page_language(client, resident, language):
    response = client.post(
        f"/{language}/accounts/login/", {"login": resident.email, "password": "not my password"}
    )

    assert response.status_code == 200
    assert not logged_in_user(client).is_authenticated
    errors = parse(response).find("div", class_="form-errors")
    assert errors is not None and errors["role"] == "alert"
    assert in_language(language, WRONG_LOGIN) in errors.get_text()
    assert input_value(response, "login") == resident.email


def test_unknown_address_gets_the_same_answer_as_a_wrong_password(client, resident):
    unknown = client.post("/en/accounts/login/", {"login": "nobody@example.jp", "password": "x"})
    assert unknown.status_code == 200
    assert WRONG_LOGIN in unknown.content.decode()


def test_inactive_user_cannot_log_in(client, resident):
    resident.is_active = False
    resident.save(update_fields=["is_active"])

    client.post("/ja/accounts/login/", {"login": resident.email, "password": PASSWORD})

    assert not logged_in_user(client).is_authenticated


def test_logout_by_get_only_asks_and_keeps_the_session(client, resident):
    client.force_login(resident)

    page = client.get("/ja/accounts/logout/")

    assert page.status_code == 200
    form = parse(page).find("form", action="/ja/accounts/logout/")
    assert form is not None and form["method"] == "post"
    assert logged_in_user(client) == resident


def test_logout_by_post_ends_the_session(client, resident):
    client.force_login(resident)
    header_form = parse(client.get("/ja/accounts/")).find("form", action="/ja/accounts/logout/")
    assert header_form["method"] == "post"

    response = client.post("/ja/accounts/logout/")

    assert response.status_code == 302
    assert not logged_in_user(client).is_authenticated
    assert client.get("/ja/accounts/")["Location"] == "/ja/accounts/login/?next=/ja/accounts/"
