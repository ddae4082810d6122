"""The site language: a cookie for everyone, the profile for residents, restored at login."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User
from tests.accounts.markup import logged_in_user, parse
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def switch_language(client, language, next_url="/ja/accounts/"):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def test_root_redirects_to_japanese_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ja/"


def test_root_redirects_to_english_with_the_cookie(client):
    client.cookies[COOKIE] = "en"
    assert client.get("/")["Location"] == "/en/"


def test_switching_redirects_to_the_same_page_in_the_new_language(client):
    response = switch_language(client, "en")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/"
    assert response.cookies[COOKIE].value == "en"
    assert client.get("/")["Location"] == "/en/"


def test_switch_in_the_header_posts_the_current_page(client, resident):
    client.force_login(resident)
    page = parse(client.get("/ja/accounts/profile/"))

    form = page.find("form", action="/i18n/setlang/")

    assert form["method"] == "post"
    assert form.find("input", attrs={"name": "next"})["value"] == "/ja/accounts/profile/"
    options = {option["value"] for option in form.find_all("option")}
    assert {"ja", "en"} <= options


def test_switching_saves_the_language_on_the_profile(client, resident):
    client.force_login(resident)

    switch_language(client, "en")

    resident.profile.refresh_from_db()
    assert resident.profile.language == "en"


def test_unknown_language_changes_nothing(client, resident):
    resident.profile.language = "ja"
    resident.profile.save()
    client.force_login(resident)

    response = switch_language(client, "xx")

    assert COOKIE not in response.cookies
    resident.profile.refresh_from_db()
    assert resident.profile.language == "ja"


def test_switch_never_redirects_to_another_site(client):
    response = switch_language(client, "en", "https://evil.example/")
    assert response["Location"] == "/"


def test_login_restores_the_saved_language(resident):
    resident.profile.language = "en"
    resident.profile.save()
    browser = Client()  # a fresh device: no language cookie

    response = browser.post("/ja/accounts/login/", {"login": resident.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/"
    assert response.cookies[COOKIE].value == "en"
    assert logged_in_user(browser) == resident
    assert parse(browser.get(response["Location"])).html["lang"] == "en"


def test_login_translates_the_next_page(resident):
    resident.profile.language = "en"
    resident.profile.save()
    browser = Client()

    response = browser.post(
        "/ja/accounts/login/?next=/ja/accounts/profile/",
        {"login": resident.email, "password": PASSWORD},
    )

    assert response["Location"] == "/en/accounts/profile/"


def test_login_without_a_saved_language_keeps_the_page_language(client, resident):
    assert resident.profile.language == ""

    response = client.post("/en/accounts/login/", {"login": resident.email, "password": PASSWORD})

    assert response["Location"] == "/en/accounts/"
    assert COOKIE not in response.cookies


def test_switch_then_login_elsewhere_round_trip(client, resident):
    client.force_login(resident)
    switch_language(client, "en")
    client.post("/en/accounts/logout/")

    browser = Client()
    response = browser.post("/ja/accounts/login/", {"login": resident.email, "password": PASSWORD})

    assert response["Location"] == "/en/accounts/"
    assert response.cookies[COOKIE].value == "en"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_sign_up_remembers_the_language_it_was_made_in(client, language):
    client.post(
        f"/{language}/accounts/signup/",
        {
            "email": "sora@example.jp",
            "password1": "minato-no-kaze-42",
            "password2": "minato-no-kaze-42",
        },
    )

    assert User.objects.get(email="sora@example.jp").profile.language == language
