"""The "larger text" switch on every page: a cookie for visitors, the profile for residents."""

import pytest

from accounts.preferences import LARGE_TEXT_COOKIE


def html_tag(response) -> str:
    content = response.content.decode()
    return content[content.index("<html") : content.index(">", content.index("<html")) + 1]


@pytest.mark.django_db
def test_visitor_switches_to_large_text_and_it_sticks(client, demo_site):
    page = client.get("/ja/")
    assert 'class=""' in html_tag(page)
    assert "文字を大きく" in page.content.decode()

    response = client.post("/preferences/text-size/", {"large_text": "1", "next": "/ja/"})

    assert response.status_code == 302
    assert response["Location"] == "/ja/"
    assert response.cookies[LARGE_TEXT_COOKIE].value == "1"
    page = client.get("/ja/")
    assert 'class="large-text"' in html_tag(page)
    assert "標準の文字" in page.content.decode()

    client.post("/preferences/text-size/", {"large_text": "0", "next": "/ja/"})
    assert 'class=""' in html_tag(client.get("/ja/"))


@pytest.mark.django_db
def test_resident_switch_is_saved_on_the_profile(client, resident):
    client.force_login(resident)
    client.post("/preferences/text-size/", {"large_text": "1", "next": "/ja/accounts/"})

    resident.profile.refresh_from_db()
    assert resident.profile.large_text is True
    client.cookies.pop(LARGE_TEXT_COOKIE)  # as on another device, after logging in there
    assert 'class="large-text"' in html_tag(client.get("/ja/accounts/"))


@pytest.mark.django_db
def test_switch_never_redirects_to_another_site(client):
    response = client.post(
        "/preferences/text-size/", {"large_text": "1", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_switch_only_accepts_post(client):
    assert client.get("/preferences/text-size/").status_code == 405
