"""Suggestions on a listing's page and through the API: what is never suggested, the reasons in
the reader's language, the feedback, and a fixed number of queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from accounts.models import ProxyResident
from listings.importing import import_listings
from listings.models import Category, Listing
from listings.services import close_listing, expire_listings, moderate_listing, submit_listing
from matching.models import ListingTerm, SuggestionFeedback
from matching.scoring import distance_km
from matching.suggestions import suggestions_for_listing
from messaging.models import Block
from tests.factories import ListingFactory, ProxyResidentFactory, UserFactory
from tests.listings.import_files import listing_row, write_jsonl

pytestmark = pytest.mark.django_db

PHONE_HELP = {
    "title": "スマホでLINEの使い方を教えてほしい",
    "description": "孫と写真を送りあいたいのですが、LINEの使い方がわかりません。",
    "tags": ["スマホ", "LINE"],
}
PHONE_TEACHER = {
    "title": "スマホ・LINEの使い方を教えます",
    "description": "LINEの登録や写真の送り方など、ゆっくりお教えします。",
    "tags": ["スマホ", "LINE"],
}


def published(**fields) -> Listing:
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


def request_and_offer(**offer_fields):
    request = published(direction="request", area="城東", **PHONE_HELP)
    offer = published(direction="offer", area="城東", **{**PHONE_TEACHER, **offer_fields})
    return request, offer


def suggested(listing, **kwargs) -> list[Listing]:
    return [suggestion.listing for suggestion in suggestions_for_listing(listing, **kwargs)]


def test_a_request_gets_the_offer_that_answers_it_and_the_offer_gets_the_request():
    request, offer = request_and_offer()
    unrelated = published(
        direction="offer",
        kind="item",
        title="子ども用の自転車をゆずります",
        description="小学生向けの自転車です。",
        tags=["自転車"],
        category=Category.objects.get(slug="goods-children"),
    )
    other_request = published(direction="request", **PHONE_HELP)

    found = suggested(request)
    assert found[0] == offer
    assert unrelated not in found and other_request not in found  # not the same direction
    assert request in suggested(offer) and other_request in suggested(offer)


def test_never_itself_nor_the_same_owners_nor_the_viewers_own_listings():
    request, offer = request_and_offer()
    same_owner = published(direction="offer", owner=request.owner, **PHONE_TEACHER)
    viewer = UserFactory()
    viewers = published(direction="offer", owner=viewer, **PHONE_TEACHER)

    assert offer in suggested(request)
    assert same_owner not in suggested(request)
    assert request not in suggested(request)
    assert viewers in suggested(request) and viewers not in suggested(request, viewer=viewer)


def test_never_listings_that_are_not_public():
    request, offer = request_and_offer()
    hidden = published(direction="offer", **PHONE_TEACHER)
    moderate_listing(listing=hidden, by=UserFactory(is_superuser=True), hidden=True, featured=False)
    closed = published(direction="offer", **PHONE_TEACHER)
    close_listing(listing=closed, by=closed.owner, reason="fulfilled")
    draft = ListingFactory(direction="offer", **PHONE_TEACHER)
    expired = published(direction="offer", **PHONE_TEACHER)
    Listing.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert suggested(request) == [offer]

    expire_listings()
    assert not ListingTerm.objects.filter(listing=expired).exists()  # left the index too
    assert not ListingTerm.objects.filter(listing__in=[hidden, closed, draft]).exists()
    assert ListingTerm.objects.filter(listing=offer).exists()


def test_two_listings_of_one_proxy_resident_are_the_same_owners():
    coordinator = UserFactory(is_superuser=True)
    resident = ProxyResidentFactory()
    request = ListingFactory(direction="request", owner=None, proxy_owner=resident, **PHONE_HELP)
    submit_listing(listing=request, by=coordinator)
    own_offer = ListingFactory(direction="offer", owner=None, proxy_owner=resident, **PHONE_TEACHER)
    submit_listing(listing=own_offer, by=coordinator)
    other = ProxyResident.objects.get(pk=ProxyResidentFactory().pk)
    other_offer = ListingFactory(direction="offer", owner=None, proxy_owner=other, **PHONE_TEACHER)
    submit_listing(listing=other_offer, by=coordinator)

    assert suggested(request) == [other_offer]


def test_the_reasons_are_in_the_readers_language():
    request, offer = request_and_offer(latitude=35.37, longitude=136.95)
    Listing.objects.filter(pk=request.pk).update(latitude=35.37, longitude=136.97)
    request.refresh_from_db()

    (suggestion,) = suggestions_for_listing(request)
    with translation.override("ja"):
        japanese = [str(reason) for reason in suggestion.reasons]
    with translation.override("en"):
        english = [str(reason) for reason in suggestion.reasons]

    assert "同じカテゴリ: IT・スマホ" in japanese
    assert "Same category: Digital help" in english
    assert any(r.startswith("キーワード: ") and "スマホ" in r and "LINE" in r for r in japanese)
    assert any(r.startswith("Keywords: ") for r in english)
    km = distance_km(request.approximate_location, offer.approximate_location)
    assert 1 < km < 10
    assert f"{km:.1f} km away" in english
    assert f"{km:.1f} km" in japanese


def test_a_shared_language_other_than_japanese_is_a_reason():
    request = published(
        direction="request",
        language="vi",
        spoken_languages=["vi"],
        title="Cần người dạy dùng điện thoại thông minh",
        description="Tôi muốn học cách dùng LINE.",
        tags=["LINE"],
    )
    speaks = published(direction="offer", spoken_languages=["ja", "vi"], **PHONE_TEACHER)
    japanese_only = published(direction="offer", spoken_languages=["ja"], **PHONE_TEACHER)

    suggestions = suggestions_for_listing(request)
    assert [s.listing for s in suggestions][:2] == [speaks, japanese_only]
    with translation.override("en"):
        assert "Speaks Vietnamese" in [str(r) for r in suggestions[0].reasons]
    with translation.override("ja"):
        assert "ベトナム語が話せます" in [str(r) for r in suggestions[0].reasons]


def test_not_relevant_hides_a_suggestion_for_that_resident_only(client):
    request, offer = request_and_offer()
    second = published(direction="offer", **PHONE_TEACHER)
    resident, neighbour = UserFactory(), UserFactory()
    client.force_login(resident)

    response = client.post(
        "/en/matching/feedback/",
        {"suggested": offer.pk, "listing": request.pk, "verdict": "not_relevant"},
    )

    assert response.status_code == 302 and response["Location"] == f"/en/listings/{request.pk}/"
    assert offer not in suggested(request, viewer=resident)
    assert second in suggested(request, viewer=resident)
    assert offer in suggested(request, viewer=neighbour)
    client.post(
        "/en/matching/feedback/",
        {"suggested": second.pk, "listing": request.pk, "verdict": "helped", "next": "/en/"},
    )
    assert second in suggested(request, viewer=resident)  # "this helped" hides nothing
    assert set(SuggestionFeedback.objects.values_list("suggested", "verdict")) == {
        (offer.pk, "not_relevant"),
        (second.pk, "helped"),
    }


def test_feedback_is_refused_without_login_and_on_listings_one_may_not_see(client):
    request, offer = request_and_offer()
    draft = ListingFactory(direction="offer", **PHONE_TEACHER)
    data = {"suggested": offer.pk, "listing": request.pk, "verdict": "helped"}

    assert client.post("/en/matching/feedback/", data).status_code == 302  # to log in
    assert not SuggestionFeedback.objects.exists()

    client.force_login(UserFactory())
    assert client.post("/en/matching/feedback/", {**data, "suggested": draft.pk}).status_code == 404
    assert client.post("/en/matching/feedback/", {**data, "verdict": "love"}).status_code == 400
    assert client.get("/en/matching/feedback/").status_code == 405
    redirected = client.post("/en/matching/feedback/", {**data, "next": "https://evil.example/"})
    assert redirected["Location"] == f"/en/listings/{request.pk}/"
    assert not SuggestionFeedback.objects.exclude(verdict="helped").exists()


def test_the_listing_page_shows_the_suggestions_with_their_reasons_and_feedback(client):
    request, offer = request_and_offer()
    client.force_login(UserFactory())

    response = client.get(f"/ja/listings/{request.pk}/")

    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.find("section", class_="suggestions")
    assert section.h2.get_text(strip=True) == "このお願いに応えられそうな掲載"
    (card,) = section.select(".suggestion")
    assert card.h3.a["href"] == f"/ja/listings/{offer.pk}/"
    reasons = [li.get_text(strip=True) for li in card.select(".suggestion__reasons li")]
    assert "同じカテゴリ: IT・スマホ" in reasons and "同じ地域: 城東" in reasons
    buttons = {b["value"]: b.get_text(strip=True) for b in card.select("form button")}
    assert buttons == {"helped": "役に立った", "not_relevant": "関係ない"}


def test_the_api_answers_matches_with_scores_and_reasons_in_the_requested_language(client):
    request, offer = request_and_offer()

    response = client.get(f"/api/v1/listings/{request.pk}/matches/?lang=en")

    assert response.status_code == 200
    (match,) = response.json()["results"]
    assert match["id"] == offer.pk and match["direction"] == "offer"
    assert 0 < match["score"] <= 1
    assert "Same category: Digital help" in match["reasons"]
    japanese = client.get(f"/api/v1/listings/{request.pk}/matches/", HTTP_ACCEPT_LANGUAGE="ja")
    assert "同じカテゴリ: IT・スマホ" in japanese.json()["results"][0]["reasons"]


def test_the_api_answers_404_for_a_listing_the_caller_may_not_see(client):
    request, _offer = request_and_offer()
    draft = ListingFactory(direction="request", **PHONE_HELP)
    coordinator = UserFactory(is_superuser=True)
    moderate_listing(listing=request, by=coordinator, hidden=True, featured=False)

    for listing in (request, draft):
        response = client.get(f"/api/v1/listings/{listing.pk}/matches/")
        assert response.status_code == 404 and "detail" in response.json()
    client.force_login(UserFactory())
    assert client.get(f"/api/v1/listings/{draft.pk}/matches/").status_code == 404
    client.force_login(draft.owner)
    assert client.get(f"/api/v1/listings/{draft.pk}/matches/").status_code == 200
    assert client.get("/api/v1/listings/0/matches/").status_code == 404


def test_the_api_makes_the_same_number_of_queries_for_one_match_or_six(client):
    request, _offer = request_and_offer()
    client.get(f"/api/v1/listings/{request.pk}/matches/")
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(f"/api/v1/listings/{request.pk}/matches/").json()["results"]) == 1

    for area in ["本町", "北山", "南町", "川端", "西野", "駅前", "城山"]:
        published(direction="offer", area=area, **PHONE_TEACHER)
    with CaptureQueriesContext(connection) as six:
        assert len(client.get(f"/api/v1/listings/{request.pk}/matches/").json()["results"]) == 6

    assert len(one) == len(six) <= 7


def test_imported_listings_are_matched_once_the_import_has_committed(
    tmp_path, django_capture_on_commit_callbacks
):
    request = published(direction="request", **PHONE_HELP)
    path = write_jsonl(
        tmp_path / "register.jsonl",
        [listing_row("R-1", direction="offer", category="digital", **PHONE_TEACHER)],
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = import_listings(path=path)
        (offer,) = result.listings
        assert not ListingTerm.objects.filter(listing=offer).exists()  # not in the import itself

    assert ListingTerm.objects.filter(listing=offer).exists()  # the reindex task added them
    assert suggested(request) == [offer]


def test_never_listings_of_someone_the_viewer_blocked_or_who_blocked_them():
    request, offer = request_and_offer()
    viewer, blocked, blocking = UserFactory(), UserFactory(), UserFactory()
    of_blocked = published(direction="offer", owner=blocked, **PHONE_TEACHER)
    of_blocking = published(direction="offer", owner=blocking, **PHONE_TEACHER)
    Block.objects.create(blocker=viewer, blocked=blocked)
    Block.objects.create(blocker=blocking, blocked=viewer)

    assert {offer, of_blocked, of_blocking} <= set(suggested(request))
    assert offer in suggested(request, viewer=viewer)
    assert not {of_blocked, of_blocking} & set(suggested(request, viewer=viewer))
