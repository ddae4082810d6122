"""Coordinators hide, feature and close any listing from the admin, assign it to a proxy
resident, edit its kind's own fields and find it by title; residents cannot."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from accounts.models import ProxyResident
from listings.models import Listing, Status
from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_listings_listing:list"
EDIT_URL = "wagtailsnippets_listings_listing:edit"


def moderate_url(listing) -> str:
    return reverse("listings_moderate", args=[listing.pk])


def published(**fields) -> Listing:
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


def edit_form(client, listing):
    url = reverse(EDIT_URL, args=[listing.pk])
    return url, querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")


@pytest.fixture
def listing():
    return published(title="畑の草取りを手伝います")


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("hide", "hidden", True), ("feature", "featured", True)],
)
def test_coordinator_hides_or_features_and_undoes_it(
    client, coordinator, listing, action, field, value
):
    client.force_login(coordinator)

    assert client.post(moderate_url(listing), {"action": action}).status_code == 302
    assert getattr(Listing.objects.get(pk=listing.pk), field) is value

    undo = {"hide": "unhide", "feature": "unfeature"}[action]
    client.post(moderate_url(listing), {"action": undo})
    assert getattr(Listing.objects.get(pk=listing.pk), field) is not value
    logged = ModelLogEntry.objects.filter(
        action="yui.listing.moderate", object_id=str(listing.pk), user=coordinator
    )
    assert logged.count() == 2


def test_hiding_takes_the_listing_off_the_site(client, coordinator, listing):
    client.force_login(coordinator)
    client.post(moderate_url(listing), {"action": "hide"})
    client.logout()
    assert client.get(f"/en/listings/{listing.pk}/").status_code == 404


@pytest.mark.parametrize("reason", ["fulfilled", "withdrawn"])
def test_coordinator_closes_any_listing(client, coordinator, listing, reason):
    client.force_login(coordinator)

    client.post(moderate_url(listing), {"action": reason})

    listing.refresh_from_db()
    assert (listing.status, listing.closed_reason) == (Status.CLOSED, reason)
    assert ModelLogEntry.objects.filter(
        action="yui.listing.close", object_id=str(listing.pk), user=coordinator
    ).exists()


def test_closing_a_closed_listing_says_why_not(client, coordinator, listing):
    client.force_login(coordinator)
    client.post(moderate_url(listing), {"action": "fulfilled"})

    response = client.post(
        moderate_url(listing), {"action": "withdrawn"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert "cannot be done now" in response.content.decode()
    assert Listing.objects.get(pk=listing.pk).closed_reason == "fulfilled"


def test_an_unknown_action_changes_nothing(client, coordinator, listing):
    client.force_login(coordinator)
    response = client.post(moderate_url(listing), {"action": "delete"})
    assert response.status_code == 302
    listing.refresh_from_db()
    assert (listing.status, listing.hidden, listing.featured) == (Status.PUBLISHED, False, False)


def test_the_moderation_page_is_linked_from_the_list_and_the_edit_view(
    client, coordinator, listing
):
    client.force_login(coordinator)

    page = client.get(moderate_url(listing), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    buttons = {b["value"] for b in soup.select('form button[name="action"]')}
    assert buttons == {"hide", "feature", "fulfilled", "withdrawn"}
    for url in (reverse(LIST_URL), reverse(EDIT_URL, args=[listing.pk])):
        assert f'href="{moderate_url(listing)}"' in client.get(url).content.decode()


def test_residents_are_refused(client, resident, listing):
    client.force_login(resident)

    assert client.get(moderate_url(listing)).status_code in (302, 403)
    for action in ("hide", "feature", "withdrawn"):
        client.post(moderate_url(listing), {"action": action})

    listing.refresh_from_db()
    assert (listing.status, listing.hidden, listing.featured) == (Status.PUBLISHED, False, False)


def test_even_the_owner_cannot_use_the_moderation_page(client, listing):
    client.force_login(listing.owner)
    client.post(moderate_url(listing), {"action": "feature"})
    assert Listing.objects.get(pk=listing.pk).featured is False


@pytest.fixture
def proxy_resident(coordinator):
    return ProxyResident.objects.create(
        name="山田 はな",
        coordinator=coordinator,
        consent_given_on=datetime.date(2026, 4, 1),
        consent_scope="野菜のおすそわけを掲載する",
        consent_recorded_by=coordinator,
    )


def test_coordinator_assigns_a_listing_to_a_proxy_resident(client, coordinator, proxy_resident):
    listing = ListingFactory(title="野菜をおすそわけします", owner=None, posted_by=coordinator)
    client.force_login(coordinator)
    url, data = edit_form(client, listing)
    data["proxy_owner"] = str(proxy_resident.pk)

    assert client.post(url, data).status_code == 302
    assert Listing.objects.get(pk=listing.pk).proxy_owner == proxy_resident


def test_a_listing_with_an_owner_account_cannot_also_have_a_proxy_owner(
    client, coordinator, proxy_resident, listing
):
    client.force_login(coordinator)
    url, data = edit_form(client, listing)
    data["proxy_owner"] = str(proxy_resident.pk)

    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "cannot also be posted on behalf of a proxy resident" in response.content.decode()
    assert Listing.objects.get(pk=listing.pk).proxy_owner is None


def test_the_edit_form_has_the_kind_specific_fields(client, coordinator):
    item = published(kind="item", title="ベビーカーをゆずります")
    client.force_login(coordinator)
    url, data = edit_form(client, item)
    for name in (
        "item_condition",
        "item_quantity",
        "item_transfer",
        "space_capacity",
        "skill_mode",
    ):
        assert name in data
    data["item_condition"] = "good"
    data["item_quantity"] = "2"
    data["item_transfer"] = "give"

    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.item_condition, item.item_quantity, item.item_transfer) == ("good", 2, "give")


def test_the_list_is_searched_by_title(client, coordinator, listing):
    published(title="英会話を教えます")
    client.force_login(coordinator)

    page = client.get(reverse(LIST_URL), {"q": "草取り"}).content.decode()

    assert "畑の草取りを手伝います" in page
    assert "英会話を教えます" not in page


def test_an_admin_edit_keeps_the_search_index_fresh(client, coordinator, listing):
    client.force_login(coordinator)
    url, data = edit_form(client, listing)
    data["title"] = "梅の剪定を手伝います"

    assert client.post(url, data).status_code == 302
    assert list(Listing.objects.search("剪定")) == [listing]
    assert not Listing.objects.search("草取り").exists()
