"""“My listings”: every status with its actions, the actions as POSTs, and who may use them."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import ModelLogEntry

from listings.models import ClosedReason, Listing, ListingSettings, Status
from listings.services import reject_listing, submit_listing
from tests.accounts.markup import parse
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

MINE_URL = "/en/listings/mine/"
MAX_QUERIES = 13  # the base page, the settings, the listings and their photos


@pytest.fixture
def review_required():
    settings = ListingSettings.load()
    settings.require_review = True
    settings.save()
    return settings


def published(**kwargs) -> Listing:
    listing = ListingFactory(**kwargs)
    return submit_listing(listing=listing, by=listing.owner)


def one_of_each_status(owner, coordinator) -> dict[str, Listing]:
    """A listing in every section of the page, owned by `owner`."""
    now = timezone.now()
    sent_back = ListingFactory(owner=owner, title="送り返された")
    settings = ListingSettings.load()
    settings.require_review = True
    settings.save()
    submit_listing(listing=sent_back, by=owner)
    reject_listing(listing=sent_back, by=coordinator, reason="電話番号は書かないでください。")
    pending = ListingFactory(owner=owner, title="確認待ち")
    submit_listing(listing=pending, by=owner)
    settings.require_review = False
    settings.save()
    live = published(owner=owner, title="公開中")
    past_expiry = published(owner=owner, title="期限切れ")
    Listing.objects.filter(pk=past_expiry.pk).update(expires_at=now - datetime.timedelta(days=1))
    closed = published(owner=owner, title="成立")
    Listing.objects.filter(pk=closed.pk).update(
        status=Status.CLOSED, closed_reason=ClosedReason.FULFILLED
    )
    return {
        "draft": sent_back,
        "pending": pending,
        "published": live,
        "expired": past_expiry,
        "closed": closed,
    }


def card(response, listing):
    found = parse(response).find(id=f"listing-{listing.pk}")
    assert found is not None, f"{listing.title} is not on the page"
    return found


def page_messages(response) -> list[str]:
    return [item.get_text(strip=True) for item in parse(response).select(".messages li")]


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(MINE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_every_status_in_its_section_with_the_review_note_and_the_expiry(
    client, resident, other_resident, coordinator
):
    listings = one_of_each_status(resident, coordinator)
    someone_elses = published(owner=other_resident, title="ほかの人の")
    client.force_login(resident)

    response = client.get(MINE_URL)

    assert response.status_code == 200
    page = parse(response)
    sections = [section["data-section"] for section in page.select("section[data-section]")]
    assert sections == ["draft", "pending", "published", "expired", "closed"]
    for status, listing in listings.items():
        assert card(response, listing)["data-status"] == status
    assert page.find(id=f"listing-{someone_elses.pk}") is None

    note = card(response, listings["draft"]).find(attrs={"data-review-note": True})
    assert "電話番号は書かないでください。" in note.get_text()

    live = listings["published"]
    with translation.override("en"):
        expiry = date_format(timezone.localtime(live.expires_at), "DATE_FORMAT")
    assert f"Published until {expiry}" in card(response, live).get_text(" ", strip=True)
    assert card(response, live).find("a", href=f"/en/listings/{live.pk}/")
    assert "Ended on" in card(response, listings["expired"]).get_text()
    assert "Closed: Fulfilled" in card(response, listings["closed"]).get_text()


def test_each_status_offers_its_own_actions(client, resident, coordinator):
    listings = one_of_each_status(resident, coordinator)
    client.force_login(resident)

    response = client.get(MINE_URL)

    def actions(listing):
        forms = card(response, listing).find_all("form")
        return sorted(
            form["action"].rsplit("/", 2)[-2]
            + (
                f":{form.find('input', attrs={'name': 'reason'})['value']}"
                if "close" in form["action"]
                else ""
            )
            for form in forms
        )

    assert actions(listings["draft"]) == ["close:withdrawn", "submit"]
    assert actions(listings["pending"]) == ["close:withdrawn"]
    assert actions(listings["published"]) == ["close:fulfilled", "close:withdrawn", "renew"]
    assert actions(listings["expired"]) == ["close:fulfilled", "close:withdrawn", "renew"]
    assert actions(listings["closed"]) == []
    assert card(response, listings["draft"]).find(
        "a", href=f"/en/listings/{listings['draft'].pk}/edit/"
    )


def test_my_listings_query_count_does_not_grow_with_the_listings(
    client, resident, coordinator, django_assert_max_num_queries
):
    """The page's own queries are the settings and one for the listings with their
    categories; the rest (session, user, site settings, menus, permissions) is the base page."""
    one_of_each_status(resident, coordinator)
    client.force_login(resident)
    client.get(MINE_URL)  # the first request creates the site's settings
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(MINE_URL)

    for _ in range(3):
        one_of_each_status(resident, coordinator)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(MINE_URL)
    assert len(parse(response).select("li.card")) == 20


def test_the_owner_submits_a_draft(client, resident):
    listing = ListingFactory(owner=resident)
    client.force_login(resident)

    response = client.post(f"/en/listings/{listing.pk}/submit/", follow=True)

    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    assert response.redirect_chain[-1][0] == f"{MINE_URL}#listing-{listing.pk}"
    assert any("is published until" in message for message in page_messages(response))


def test_a_submitted_draft_waits_for_review_when_required(client, resident, review_required):
    listing = ListingFactory(owner=resident)
    client.force_login(resident)
    assert "Send for review" in client.get(MINE_URL).content.decode()

    client.post(f"/en/listings/{listing.pk}/submit/")

    listing.refresh_from_db()
    assert listing.status == Status.PENDING


@pytest.mark.parametrize("reason", [ClosedReason.FULFILLED, ClosedReason.WITHDRAWN])
def test_the_owner_closes_a_published_listing(client, resident, reason):
    listing = published(owner=resident)
    client.force_login(resident)

    client.post(f"/en/listings/{listing.pk}/close/", {"reason": reason})

    listing.refresh_from_db()
    assert listing.status == Status.CLOSED
    assert listing.closed_reason == reason
    assert not Listing.objects.published().exists()


def test_closing_without_a_reason_changes_nothing_and_says_why(client, resident):
    listing = published(owner=resident)
    client.force_login(resident)

    response = client.post(f"/en/listings/{listing.pk}/close/", {"reason": "bored"}, follow=True)

    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    assert "Choose why the listing is closed." in page_messages(response)


def test_the_owner_renews_an_expired_listing(client, resident):
    listing = published(owner=resident)
    Listing.objects.filter(pk=listing.pk).update(
        status=Status.EXPIRED, expires_at=timezone.now() - datetime.timedelta(days=3)
    )
    client.force_login(resident)

    client.post(f"/en/listings/{listing.pk}/renew/")

    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    assert listing.expires_at > timezone.now() + datetime.timedelta(days=59)
    assert listing.is_public


def test_an_action_the_status_does_not_allow_is_refused_with_a_message(client, resident):
    listing = ListingFactory(owner=resident)
    client.force_login(resident)

    response = client.post(f"/en/listings/{listing.pk}/renew/", follow=True)

    listing.refresh_from_db()
    assert listing.status == Status.DRAFT
    assert page_messages(response) == ["This listing is Draft, so this cannot be done now."]


@pytest.mark.parametrize("action", ["submit", "close", "renew"])
def test_actions_refuse_get(client, resident, action):
    listing = ListingFactory(owner=resident)
    client.force_login(resident)

    assert client.get(f"/en/listings/{listing.pk}/{action}/").status_code == 405
    listing.refresh_from_db()
    assert listing.status == Status.DRAFT


def test_actions_need_the_csrf_token(resident):
    listing = ListingFactory(owner=resident)
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)

    response = client.post(f"/en/listings/{listing.pk}/submit/")

    assert response.status_code == 403
    listing.refresh_from_db()
    assert listing.status == Status.DRAFT


@pytest.mark.parametrize("action", ["submit", "close", "renew"])
def test_anonymous_actions_are_sent_to_log_in_then_back_to_my_listings(client, action):
    listing = ListingFactory()

    response = client.post(f"/en/listings/{listing.pk}/{action}/", {"reason": "withdrawn"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/en/listings/mine/" in response["Location"]
    listing.refresh_from_db()
    assert listing.status == Status.DRAFT


# Every way to change a listing, as (method, path suffix, data).
EVERY_ACTION = [
    ("get", "edit/", {}),
    ("post", "edit/", {"title": "乗っ取り", "kind": "item", "direction": "request"}),
    ("post", "submit/", {}),
    ("post", "close/", {"reason": "withdrawn"}),
    ("post", "renew/", {}),
]


def snapshot(listing) -> dict:
    listing.refresh_from_db()
    return {
        "title": listing.title,
        "status": listing.status,
        "closed_reason": listing.closed_reason,
        "expires_at": listing.expires_at,
        "updated_at": listing.updated_at,
    }


@pytest.mark.parametrize(("method", "suffix", "data"), EVERY_ACTION)
def test_another_resident_cannot_act_on_a_listing_they_can_see(
    client, other_resident, method, suffix, data
):
    listing = published()
    before = snapshot(listing)
    client.force_login(other_resident)

    response = getattr(client, method)(f"/en/listings/{listing.pk}/{suffix}", data)

    assert response.status_code == 403
    assert snapshot(listing) == before
    assert not ModelLogEntry.objects.for_instance(listing).exclude(action="yui.listing.publish")


@pytest.mark.parametrize(("method", "suffix", "data"), EVERY_ACTION)
def test_another_resident_cannot_find_a_listing_they_cannot_see(
    client, other_resident, method, suffix, data
):
    listing = ListingFactory()
    before = snapshot(listing)
    client.force_login(other_resident)

    response = getattr(client, method)(f"/en/listings/{listing.pk}/{suffix}", data)

    assert response.status_code == 404
    assert snapshot(listing) == before


def test_a_coordinator_can_close_a_residents_listing(client, coordinator):
    listing = published()
    client.force_login(coordinator)

    client.post(f"/en/listings/{listing.pk}/close/", {"reason": "withdrawn"})

    listing.refresh_from_db()
    assert listing.status == Status.CLOSED
    entry = ModelLogEntry.objects.for_instance(listing).order_by("pk").last()
    assert (entry.action, entry.user) == ("yui.listing.close", coordinator)
