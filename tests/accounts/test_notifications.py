"""The bell in the header and the notifications page: one's own notifications only, newest
first, marked read when seen, in a fixed number of queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from accounts.models import Notification, NotificationKind
from accounts.notifications import mark_read, notify, unread_count
from listings.services import close_listing, submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

PAGE = "/en/accounts/notifications/"
MARK_ALL = "/en/accounts/notifications/read/"


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def published(**fields):
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


def match_for(user, *, title="スマホの使い方を教えます", mine="スマホを教えてほしい"):
    return notify(
        recipient=user,
        kind=NotificationKind.MATCH,
        listing=published(title=title),
        about_listing=published(title=mine, direction="request", owner=user),
    )


def bell(response):
    return parse(response).select_one("[data-notifications-bell]")


def test_the_bell_shows_the_unread_count_in_its_label(client, resident):
    for number in range(3):
        match_for(resident, title=f"Offer {number}")
    client.force_login(resident)

    link = bell(client.get("/en/listings/"))

    assert link["href"] == PAGE
    assert link["aria-label"] == "Notifications, 3 unread"
    assert link.select_one(".notifications-bell__count").get_text() == "3"


def test_no_count_without_unread_notifications_and_no_bell_for_visitors(client, resident):
    client.force_login(resident)
    link = bell(client.get("/en/listings/"))
    assert link is not None and not link.has_attr("aria-label")
    assert link.select_one(".notifications-bell__count") is None
    assert "Notifications" in link.get_text()

    client.logout()
    assert bell(client.get("/en/listings/")) is None
    assert client.get(PAGE).status_code == 302


def test_the_page_lists_my_notifications_newest_first_with_links(client, resident):
    older = match_for(resident, title="Older offer", mine="My request")
    newer = notify(
        recipient=resident,
        kind=NotificationKind.SAVED_SEARCH,
        listing=published(title="Newer offer"),
        data={"search": "“bicycle”, Children's things"},
    )
    Notification.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(resident)

    page = parse(client.get(PAGE))

    items = page.select("[data-notification]")
    assert [item["data-notification"] for item in items] == [str(newer.pk), str(older.pk)]
    assert "“Newer offer”" in items[0].get_text()
    assert "“bicycle”, Children's things" in items[0].get_text()
    assert "“Older offer”" in items[1].get_text() and "“My request”" in items[1].get_text()
    assert items[0].find("a")["href"] == f"/en/listings/{newer.listing_id}/"
    assert all(item.select_one(".badge--new") for item in items)


def test_opening_the_page_marks_them_read(client, resident):
    match_for(resident)
    client.force_login(resident)

    response = client.get(PAGE)

    assert unread_count(resident) == 0
    assert bell(response).select_one(".notifications-bell__count") is None  # counted after
    page = parse(client.get(PAGE))
    assert page.select_one("[data-notification] .badge--new") is None


def test_mark_all_as_read(client, resident):
    for number in range(23):
        match_for(resident, title=f"Offer {number}")
    client.force_login(resident)

    page = parse(client.get(PAGE))  # the first 20 are shown, so read

    assert unread_count(resident) == 3
    assert page.find("form", action=MARK_ALL)
    client.post(MARK_ALL)
    assert unread_count(resident) == 0
    assert client.get(MARK_ALL).status_code == 405


def test_nobody_sees_another_residents_notifications(client, resident, other_resident):
    mine = match_for(resident, title="Mine")
    theirs = match_for(other_resident, title="Theirs is private")
    client.force_login(resident)

    response = client.get(PAGE)

    shown = [item["data-notification"] for item in parse(response).select("[data-notification]")]
    assert shown == [str(mine.pk)]
    assert "Theirs is private" not in response.content.decode()
    client.post(MARK_ALL)
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert unread_count(other_resident) == 1
    assert mark_read(user=resident, notification_ids=[theirs.pk]) == 0


def test_a_listing_no_longer_public_is_not_named(client, resident):
    notification = match_for(resident, title="Closed since")
    close_listing(listing=notification.listing, by=notification.listing.owner, reason="withdrawn")
    client.force_login(resident)

    item = parse(client.get(PAGE)).select_one("[data-notification]")

    assert "Closed since" not in item.get_text()
    assert "no longer available" in item.get_text()
    assert item.find("a") is None


def test_the_page_is_paginated_in_a_fixed_number_of_queries(
    client, resident, django_assert_max_num_queries
):
    match_for(resident)
    client.force_login(resident)
    client.get(PAGE)  # the site settings row is created on the first page view
    match_for(resident)
    with django_assert_max_num_queries(20) as few:
        client.get(PAGE)

    for number in range(30):
        match_for(resident, title=f"Offer {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = client.get(PAGE)
    with django_assert_max_num_queries(len(few.captured_queries)):
        second = client.get(f"{PAGE}?page=2")

    assert len(parse(first).select("[data-notification]")) == 20
    assert len(parse(second).select("[data-notification]")) == 12


def test_the_sentence_follows_the_readers_language(client, resident):
    match_for(resident, title="Offer", mine="Request")
    client.force_login(resident)

    english = parse(client.get(PAGE)).select_one(".notification__text").get_text()
    japanese = parse(client.get("/ja/accounts/notifications/")).select_one(".notification__text")

    assert "may answer" in english
    assert "Offer" in japanese.get_text() and "Request" in japanese.get_text()


def test_notify_refuses_an_unknown_kind(resident):
    with pytest.raises(ValueError):
        notify(recipient=resident, kind="gossip")


def test_the_bell_counts_a_new_notification_at_once(client, resident):
    """The count is cached between pages, and forgotten when notifications arrive or are
    read."""
    client.force_login(resident)
    assert bell(client.get("/en/listings/")).select_one(".notifications-bell__count") is None

    match_for(resident)
    assert bell(client.get("/en/listings/"))["aria-label"] == "Notifications, 1 unread"

    client.get(PAGE)
    assert not bell(client.get("/en/listings/")).has_attr("aria-label")
