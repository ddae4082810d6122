"""The coordinators' "Find matches" page: any listing (a proxy resident's draft included), its
best published matches with score, reasons and who to contact; refused to residents."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from listings.models import Category, Listing
from tests.factories import ListingFactory, ProxyResidentFactory, UserFactory

pytestmark = pytest.mark.django_db


def matches_url(listing: Listing) -> str:
    return f"/admin/matching/listings/{listing.pk}/matches/"


def published(**fields) -> Listing:
    now = timezone.now()
    return ListingFactory(
        status="published",
        published_at=now - datetime.timedelta(days=1),
        expires_at=now + datetime.timedelta(days=30),
        **fields,
    )


@pytest.fixture
def proxy_request(db):
    """A request posted by a coordinator for a resident without a smartphone, still a draft."""
    return ListingFactory(
        owner=None,
        proxy_owner=ProxyResidentFactory(name="山田 花子", phone="0568-61-0001"),
        status="draft",
        direction="request",
        title="スマホの使い方を教えてほしい",
        description="LINEで孫に写真を送りたいです。",
        tags=["スマホ", "LINE"],
    )


def test_a_coordinator_finds_matches_for_a_proxy_residents_draft(
    client, coordinator, proxy_request
):
    by_resident = published(
        owner=UserFactory(profile__display_name="Minh"),
        title="スマホの使い方を教えます",
        tags=["スマホ", "LINE"],
    )
    by_proxy = published(
        owner=None,
        proxy_owner=ProxyResidentFactory(
            name="佐藤 一郎", phone="0568-61-0002", how_to_reach="水曜日の午後に公民館にいます。"
        ),
        title="LINEの使い方、教えます",
        tags=["LINE"],
    )
    unrelated = published(
        title="畑をお貸しします",
        description="小さな畑です。",
        kind="space",
        category=Category.objects.get(slug="nature-farming"),
    )
    other_request = published(direction="request", title="スマホを教えてください")
    client.force_login(coordinator)

    response = client.get(matches_url(proxy_request), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    listing = soup.find("section", attrs={"aria-labelledby": "matching-listing-heading"})
    assert "山田 花子" in listing.get_text()
    assert "0568-61-0001" in listing.get_text()
    candidates = soup.select("ol.matching-candidates > li")
    titles = [li.h3.get_text(strip=True) for li in candidates]
    assert set(titles) == {by_resident.title, by_proxy.title}
    assert unrelated.title not in titles and other_request.title not in titles
    for li in candidates:
        assert float(li.find("dt", string="Score").find_next_sibling("dd").get_text()) > 0
        reasons = li.find("dt", string="Why it matches").find_next_sibling("dd")
        assert reasons.select("li")
    resident_card = candidates[titles.index(by_resident.title)].get_text(" ", strip=True)
    assert "Minh" in resident_card
    assert by_resident.owner.email not in resident_card  # reached through the site
    proxy_card = candidates[titles.index(by_proxy.title)]
    assert "佐藤 一郎" in proxy_card.get_text()
    assert proxy_card.select_one('a[href="tel:0568-61-0002"]') is not None
    assert "水曜日の午後に公民館にいます。" in proxy_card.get_text()


def test_the_listings_snippet_links_to_find_matches(client, coordinator, proxy_request):
    client.force_login(coordinator)

    response = client.get("/admin/snippets/listings/listing/")

    assert response.status_code == 200
    assert matches_url(proxy_request).encode() in response.content


def test_an_unknown_listing_is_not_found(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/admin/matching/listings/999999/matches/", follow=True)

    assert response.status_code == 404


def test_residents_cannot_find_matches(client, resident, proxy_request):
    client.force_login(resident)

    response = client.get(matches_url(proxy_request))

    assert response.status_code in (302, 403)
    assert proxy_request.title.encode() not in response.content


def test_anonymous_visitors_are_sent_to_log_in(client, proxy_request):
    response = client.get(matches_url(proxy_request))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_listing_edit_view_links_to_find_matches(client, coordinator, proxy_request):
    client.force_login(coordinator)
    response = client.get(reverse("wagtailsnippets_listings_listing:edit", args=[proxy_request.pk]))

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("a", href=matches_url(proxy_request))
