"""The "my account" page, and that every account page needs a login."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from tests.accounts.markup import in_language, parse

pytestmark = pytest.mark.django_db

ACCOUNT_PAGES = ["/ja/accounts/", "/ja/accounts/profile/", "/ja/accounts/export/"]


@pytest.mark.parametrize("url", [*ACCOUNT_PAGES, "/ja/accounts/delete/", "/en/accounts/"])
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    language = url.split("/")[1]
    assert response["Location"] == f"/{language}/accounts/login/?next={url}"


@pytest.mark.parametrize("url", ["/ja/accounts/profile/", "/ja/accounts/delete/"])
def test_anonymous_post_changes_nothing(client, resident, url):
    response = client.post(url, {"display_name": "x", "password": "x", "confirm": "on"})

    assert response["Location"].startswith("/ja/accounts/login/")
    assert User.objects.filter(pk=resident.pk).exists()
    resident.profile.refresh_from_db()
    assert resident.profile.display_name == "はなこ"


def test_overview_shows_the_residents_own_account(client, resident, other_resident):
    resident.profile.area = "城東"
    resident.profile.save()
    client.force_login(resident)

    page = client.get("/ja/accounts/")

    assert page.status_code == 200
    content = page.content.decode()
    assert "はなこ" in content
    assert resident.email in content
    assert "城東" in content
    assert other_resident.email not in content
    links = {link["href"] for link in parse(page).find_all("a")}
    assert {"/ja/accounts/profile/", "/ja/accounts/export/", "/ja/accounts/delete/"} <= links


def test_overview_marks_a_newcomer(client, resident):
    client.force_login(resident)
    newcomer = in_language("ja", "Newcomer")
    assert newcomer not in client.get("/ja/accounts/").content.decode()

    resident.profile.moved_in = timezone.localdate().replace(day=1) - datetime.timedelta(days=40)
    resident.profile.save()

    assert newcomer in client.get("/ja/accounts/").content.decode()


def test_overview_query_count_does_not_grow_with_the_profile(
    client, resident, django_assert_max_num_queries
):
    """Session, user, profile, site, site settings, coordinator check, the userbar's permissions,
    the communities they joined."""
    client.force_login(resident)
    client.get("/ja/accounts/")  # the first page view ever creates the site settings row
    with django_assert_max_num_queries(12):  # 10, plus 2 for the site menu
        assert client.get("/ja/accounts/").status_code == 200

    resident.profile.interests.set([1, 2, 3])
    resident.profile.spoken_languages = ["ja", "en", "vi"]
    resident.profile.moved_in = timezone.localdate().replace(day=1)
    resident.profile.save()
    with django_assert_max_num_queries(12):  # 10, plus 2 for the site menu
        assert client.get("/ja/accounts/").status_code == 200


def test_profile_page_query_count(client, resident, django_assert_max_num_queries):
    """Interest checkboxes cost two queries (choices, ticked ones), however many there are."""
    client.force_login(resident)
    client.get("/ja/accounts/")  # the first page view ever creates the site settings row
    resident.profile.interests.set([1, 2, 3])
    with django_assert_max_num_queries(12):  # 10, plus 2 for the site menu
        assert client.get("/ja/accounts/profile/").status_code == 200
