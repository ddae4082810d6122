"""Friendly error pages in the visitor's language: 404, 403, CSRF failure and 500."""

import logging

import pytest
from bs4 import BeautifulSoup
from django.test import Client

HEADINGS = {
    "not_found": {"ja": "ページが見つかりません", "en": "Page not found"},
    "not_allowed": {"ja": "表示できません", "en": "Not allowed"},
    "csrf": {"ja": "もう一度お試しください", "en": "Please try again"},
    "server_error": {"ja": "問題が発生しました", "en": "Something went wrong"},
}
LANGUAGES = ["ja", "en"]


def error_page(response, status: int, template: str) -> BeautifulSoup:
    assert response.status_code == status
    assert template in [used.name for used in response.templates]
    return BeautifulSoup(response.content, "html.parser")


def assert_heading(soup: BeautifulSoup, kind: str, language: str) -> None:
    assert soup.html["lang"] == language
    assert [h1.get_text(strip=True) for h1 in soup.find_all("h1")] == [HEADINGS[kind][language]]
    if language != "en":
        assert HEADINGS[kind]["en"] not in soup.get_text()


@pytest.fixture
def failing_views(settings, client, db):
    """The test-only URLs of tests/cms/error_urls.py, served as in production."""
    settings.ROOT_URLCONF = "tests.cms.error_urls"
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_address_shows_the_friendly_404_page(client, demo_site, language):
    response = client.get(f"/{language}/nothing-here/")

    soup = error_page(response, 404, "404.html")
    assert_heading(soup, "not_found", language)
    assert soup.main.find("a", class_="button")["href"] == "/"
    assert "市民協働プラザ（ふれあいセンター2階）" in soup.find("footer").get_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_posted_without_csrf_token_shows_the_try_again_page(demo_site, language):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        f"/{language}/accounts/login/", {"login": "someone@example.jp", "password": "secret"}
    )

    soup = error_page(response, 403, "403_csrf.html")
    assert_heading(soup, "csrf", language)
    assert "_auth_user_id" not in browser.session


@pytest.mark.parametrize("language", LANGUAGES)
def test_permission_denied_shows_the_not_allowed_page(failing_views, language):
    response = failing_views.get(f"/{language}/forbidden/")

    soup = error_page(response, 403, "403.html")
    assert_heading(soup, "not_allowed", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_server_error_shows_the_500_page_and_logs_the_exception(failing_views, caplog, language):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = failing_views.get(f"/{language}/broken/")

    soup = error_page(response, 500, "500.html")
    assert_heading(soup, "server_error", language)
    logged = [record for record in caplog.records if record.name == "django.request"]
    assert logged and logged[0].exc_info[0] is RuntimeError
