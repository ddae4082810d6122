"""Fulfilled exchanges counted by category and area; the admin home panel; the demo data."""

import datetime

import pytest
from django.utils import timezone

from listings.item_requests.demo import create_demo_item_requests
from listings.item_requests.impact import fulfilled_exchange_counts, total_fulfilled_exchanges
from listings.item_requests.services import (
    choose_item_request,
    fulfil_item_request,
    request_item,
)
from listings.models import Category, FulfilledExchange, ItemRequest, Listing
from listings.services import close_listing, submit_listing
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db


def handed_over(*, slug, area, kind="item", through_requests=True) -> Listing:
    listing = ListingFactory(kind=kind, category=Category.objects.get(slug=slug), area=area)
    submit_listing(listing=listing, by=listing.owner)
    if through_requests:
        item_request = request_item(listing=listing, by=UserFactory())
        choose_item_request(item_request=item_request, by=listing.owner)
        fulfil_item_request(listing=listing, by=listing.owner)
    else:
        close_listing(listing=listing, by=listing.owner, reason="fulfilled")
    return listing


def rows(counts):
    return [(row.key, row.count) for row in counts]


def test_counts_by_category_and_area():
    handed_over(slug="goods-children", area="駅前")
    handed_over(slug="goods-children", area="城東")
    handed_over(slug="digital", area="駅前", kind="skill", through_requests=False)

    assert rows(fulfilled_exchange_counts(by="category")) == [("goods-children", 2), ("digital", 1)]
    assert rows(fulfilled_exchange_counts(by="area")) == [("駅前", 2), ("城東", 1)]
    assert total_fulfilled_exchanges() == 3


def test_sub_categories_count_under_their_top_level_category():
    parent = Category.objects.get(slug="goods-home")
    Category.objects.create(slug="kitchen", parent=parent, names={"en": "Kitchen"})
    handed_over(slug="kitchen", area="")
    handed_over(slug="goods-home", area="")
    (row,) = fulfilled_exchange_counts(by="category")
    assert (row.key, row.count) == ("goods-home", 2)
    (area,) = fulfilled_exchange_counts(by="area")
    assert (area.key, area.count) == ("", 2)


def test_since_counts_only_recent_exchanges():
    old = handed_over(slug="digital", area="駅前")
    handed_over(slug="digital", area="駅前")
    FulfilledExchange.objects.filter(listing=old).update(
        fulfilled_at=timezone.now() - datetime.timedelta(days=90)
    )
    since = timezone.now() - datetime.timedelta(days=30)
    assert rows(fulfilled_exchange_counts(by="area", since=since)) == [("駅前", 1)]
    assert total_fulfilled_exchanges(since=since) == 1


def test_a_later_edit_does_not_change_what_was_counted():
    listing = handed_over(slug="digital", area="駅前")
    Listing.objects.filter(pk=listing.pk).update(area="城東")
    assert rows(fulfilled_exchange_counts(by="area")) == [("駅前", 1)]


def test_counting_by_something_else_is_an_error():
    with pytest.raises(ValueError):
        fulfilled_exchange_counts(by="colour")


def test_few_queries(django_assert_num_queries):
    for _ in range(3):
        handed_over(slug="digital", area="駅前")
    with django_assert_num_queries(2):
        fulfilled_exchange_counts(by="category")
    with django_assert_num_queries(1):
        fulfilled_exchange_counts(by="area")


def test_the_admin_home_shows_the_total(client, coordinator):
    handed_over(slug="digital", area="駅前")
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert (
        b'id="fulfilled-exchanges' in response.content or b"fulfilled-exchanges" in response.content
    )


def test_the_demo_requests_are_idempotent():
    from accounts.demo import create_demo_users
    from listings.demo import create_demo_listings

    create_demo_users()
    create_demo_listings()
    created = create_demo_item_requests()
    assert len(created) == 5
    assert ItemRequest.objects.chosen().filter(listing__ref="demo-011").exists()
    assert FulfilledExchange.objects.filter(listing__ref="demo-029").count() == 1
    assert create_demo_item_requests() == []
    assert ItemRequest.objects.count() == 5
    assert FulfilledExchange.objects.count() == 1
