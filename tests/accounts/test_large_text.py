"""A resident who chose large text gets it on every page; nobody else does."""

import pytest

from accounts.preferences import LARGE_TEXT_COOKIE
from tests.accounts.markup import html_classes

pytestmark = pytest.mark.django_db

PAGES = [
    "/ja/",
    "/en/",
    "/ja/about/",
    "/ja/accounts/",
    "/ja/accounts/profile/",
    "/ja/accounts/delete/",
    "/en/accounts/",
    "/ja/accounts/email/",
    "/ja/accounts/password/change/",
]


@pytest.fixture
def large_text_resident(resident):
    resident.profile.large_text = True
    resident.profile.save()
    return resident


def test_resident_with_large_text_gets_it_on_every_page(client, large_text_resident, demo_site):
    client.force_login(large_text_resident)

    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "large-text" in html_classes(response), url


def test_other_residents_and_visitors_get_standard_text(
    client, large_text_resident, other_resident, demo_site
):
    for url in ["/ja/", "/ja/accounts/login/", "/ja/accounts/signup/"]:
        assert "large-text" not in html_classes(client.get(url)), url

    client.force_login(other_resident)
    for url in PAGES:
        assert "large-text" not in html_classes(client.get(url)), url


def test_profile_choice_wins_over_a_cookie_left_on_the_device(client, other_resident):
    client.cookies[LARGE_TEXT_COOKIE] = "1"
    client.force_login(other_resident)

    assert "large-text" not in html_classes(client.get("/ja/accounts/"))


def test_ticking_large_text_in_the_profile_enlarges_the_next_page(client, resident):
    client.force_login(resident)
    form = {"display_name": "はなこ", "email_on_message": "daily", "email_on_match": "daily"}

    client.post("/ja/accounts/profile/", form | {"large_text": "on"})
    assert "large-text" in html_classes(client.get("/ja/accounts/"))

    client.post("/ja/accounts/profile/", form)
    assert "large-text" not in html_classes(client.get("/ja/accounts/"))
