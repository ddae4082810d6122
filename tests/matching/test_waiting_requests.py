"""The coordinators' "Waiting requests": published requests older than the set number of days,
oldest first, 20 a page, each with its best candidates; refused to residents."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from listings.models import Listing
from matching.models import MatchingSettings
from matching.waiting import waiting_requests
from messaging.services import start_conversation
from tests.factories import ListingFactory, ProxyResidentFactory, UserFactory

pytestmark = pytest.mark.django_db
PAGE = "/admin/matching/waiting/"


def published(*, days_ago: float, **fields) -> Listing:
    now = timezone.now()
    return ListingFactory(
        status="published",
        published_at=now - datetime.timedelta(days=days_ago),
        expires_at=now + datetime.timedelta(days=30),
        **fields,
    )


def asked(days_ago: float, title: str, **fields) -> Listing:
    return published(
        days_ago=days_ago,
        direction="request",
        title=title,
        description="スマホでLINEの使い方を教えてほしいです。",
        tags=["スマホ", "LINE"],
        **fields,
    )


def shown_requests(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [section.h2.get_text(strip=True) for section in soup.select("section.w-panel")]


@pytest.fixture
def requests_of_all_ages(db):
    return {
        "month": asked(30, "ひと月待っている"),
        "fortnight": asked(14, "二週間待っている"),
        "five days": asked(5, "五日待っている"),
        "yesterday": asked(1, "昨日の依頼"),
    }


def test_only_requests_older_than_the_setting_oldest_first(
    client, coordinator, requests_of_all_ages
):
    published(days_ago=40, title="古い申し出")  # an offer, not a request
    closed = asked(50, "締め切った依頼")
    Listing.objects.filter(pk=closed.pk).update(status="closed", closed_reason="fulfilled")
    hidden = asked(50, "隠された依頼")
    Listing.objects.filter(pk=hidden.pk).update(hidden=True)
    expired = asked(50, "期限切れの依頼")
    Listing.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    client.force_login(coordinator)

    response = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert shown_requests(response) == ["ひと月待っている", "二週間待っている"]


def test_the_number_of_days_is_the_coordinators_setting(client, coordinator, requests_of_all_ages):
    settings = MatchingSettings.load()
    settings.waiting_days = 3
    settings.save()
    client.force_login(coordinator)

    assert shown_requests(client.get(PAGE)) == [
        "ひと月待っている",
        "二週間待っている",
        "五日待っている",
    ]

    settings.waiting_days = 20
    settings.save()
    assert shown_requests(client.get(PAGE)) == ["ひと月待っている"]
    assert [listing.title for listing in waiting_requests(days=10)] == [
        "ひと月待っている",
        "二週間待っている",
    ]


def test_each_request_shows_its_best_candidates_and_who_asked(client, coordinator):
    proxy = ProxyResidentFactory(name="山田 花子", phone="0568-61-0001")
    request = asked(10, "スマホを教えてほしい", owner=None, proxy_owner=proxy)
    for i in range(4):
        published(days_ago=i + 1, title=f"スマホの使い方を教えます {i}", tags=["スマホ", "LINE"])
    client.force_login(coordinator)

    soup = BeautifulSoup(client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content, "html.parser")

    section = soup.select_one("section.w-panel")
    assert "0568-61-0001" in section.get_text()
    assert len(section.select("ol.matching-candidates > li")) == 3
    assert section.select_one(f'a[href="/admin/matching/listings/{request.pk}/matches/"]')


def test_twenty_a_page_with_a_bounded_number_of_queries(
    client, coordinator, django_assert_max_num_queries
):
    for i in range(21):
        asked(30 - i / 10, f"依頼 {i:02d}")
    for i in range(6):
        published(days_ago=i + 1, title=f"スマホの使い方を教えます {i}", tags=["スマホ", "LINE"])
    client.force_login(coordinator)
    client.get(PAGE)  # warm the per-process caches (synonyms, settings)

    # Four queries per request shown for its candidates, and a fixed number for the page.
    with django_assert_max_num_queries(4 * 20 + 30):
        first = client.get(PAGE)
    second = client.get(PAGE + "?p=2")

    assert shown_requests(first) == [f"依頼 {i:02d}" for i in range(20)]
    assert shown_requests(second) == ["依頼 20"]
    with CaptureQueriesContext(connection) as page_of_one:
        client.get(PAGE + "?p=2")
    with CaptureQueriesContext(connection) as page_of_twenty:
        client.get(PAGE)
    assert len(page_of_twenty) - len(page_of_one) <= 4 * 19


def test_residents_cannot_see_waiting_requests(client, resident, requests_of_all_ages):
    client.force_login(resident)

    response = client.get(PAGE)

    assert response.status_code in (302, 403)
    assert "ひと月待っている".encode() not in response.content


def test_the_admin_menu_has_waiting_requests_for_coordinators(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")

    assert PAGE.encode() in response.content


def test_a_request_someone_wrote_about_is_no_longer_waiting(
    client, coordinator, requests_of_all_ages
):
    answered = requests_of_all_ages["month"]
    start_conversation(listing=answered, by=UserFactory())
    client.force_login(coordinator)

    assert shown_requests(client.get(PAGE)) == ["二週間待っている"]


def test_an_activity_request_someone_applied_to_is_no_longer_waiting(coordinator):
    from listings.applications.services import apply_to_activity, configure_applications

    helpers_wanted = asked(20, "祭りの手伝いを募集", kind="activity")
    configure_applications(listing=helpers_wanted, by=coordinator, capacity=5)
    assert helpers_wanted in waiting_requests(days=7)

    apply_to_activity(listing_id=helpers_wanted.pk, applicant=UserFactory())

    assert helpers_wanted not in waiting_requests(days=7)
