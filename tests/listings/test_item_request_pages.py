""" "I'd like this" on the site: the panel on a listing's page, the requesters page, My
requests, the promised badge; who may see and do what; query counts."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from listings.item_requests.services import (
    choose_item_request,
    fulfil_item_request,
    request_item,
)
from listings.models import ItemRequest, ItemRequestStatus, Listing
from listings.services import submit_listing
from messaging.models import Conversation
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db


def offer(kind="item", **fields) -> Listing:
    listing = ListingFactory(kind=kind, **fields)
    return submit_listing(listing=listing, by=listing.owner)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def panel(response):
    return soup(response).select_one("[data-item-request-panel]")


@pytest.fixture
def stroller():
    return offer(title="ベビーカーを譲ります")


def test_logged_out_visitors_are_asked_to_log_in(client, stroller):
    found = panel(client.get(f"/en/listings/{stroller.pk}/"))
    link = found.find("a", href=True)
    assert link["href"].startswith("/en/accounts/login/")
    assert f"/listings/{stroller.pk}/ask/" in link["href"].replace("%2F", "/")
    assert not found.find("form")


def test_a_resident_asks_from_the_listing_page(client, stroller, resident):
    client.force_login(resident)
    form = panel(client.get(f"/en/listings/{stroller.pk}/")).find("form")
    assert form["action"] == f"/en/listings/{stroller.pk}/ask/"
    assert form.find("label", attrs={"for": "item-request-message"})

    response = client.post(form["action"], {"message": "土曜に行けます"})

    assert response.status_code == 302
    assert response["Location"].startswith(f"/en/listings/{stroller.pk}/")
    assert ItemRequest.objects.get().message == "土曜に行けます"
    found = panel(client.get(f"/en/listings/{stroller.pk}/"))
    assert "You asked for this" in found.get_text()
    assert found.find("form")["action"].endswith("/withdraw/")


def test_the_ask_page_after_logging_in(client, stroller, resident):
    assert client.get(f"/en/listings/{stroller.pk}/ask/")["Location"].startswith(
        "/en/accounts/login/"
    )
    client.force_login(resident)
    response = client.get(f"/en/listings/{stroller.pk}/ask/")
    assert response.status_code == 200
    assert soup(response).find("textarea", attrs={"name": "message"})


def test_a_bad_message_is_shown_with_what_was_typed(client, stroller, resident):
    client.force_login(resident)
    typed = "あ" * 501
    response = client.post(f"/en/listings/{stroller.pk}/ask/", {"message": typed})
    assert response.status_code == 400
    textarea = soup(response).find("textarea", attrs={"name": "message"})
    assert textarea.get_text().strip() == typed
    assert soup(response).select(".errorlist")
    assert not ItemRequest.objects.exists()


def test_asking_twice_shows_a_clear_message(client, stroller, resident):
    client.force_login(resident)
    client.post(f"/en/listings/{stroller.pk}/ask/", {"message": ""})
    response = client.post(f"/en/listings/{stroller.pk}/ask/", {"message": ""})
    assert response.status_code == 400
    assert "already asked" in soup(response).get_text()
    assert ItemRequest.objects.count() == 1


def test_owners_see_the_requesters_link_not_the_form(client, stroller, resident):
    request_item(listing=stroller, by=resident)
    client.force_login(stroller.owner)
    found = panel(client.get(f"/en/listings/{stroller.pk}/"))
    assert found.find("a", href=f"/en/listings/{stroller.pk}/requests/")
    assert "1 person would like this" in found.get_text()
    assert not found.find("textarea")


def test_no_panel_on_other_kinds(client, resident):
    client.force_login(resident)
    for listing in (offer(kind="space"), offer(kind="activity"), offer(direction="request")):
        assert panel(client.get(f"/en/listings/{listing.pk}/")) is None


def test_the_requesters_page_shows_who_asked(client, stroller, resident, other_resident):
    request_item(listing=stroller, by=resident, message="孫のために")
    request_item(listing=stroller, by=other_resident)
    client.force_login(stroller.owner)

    response = client.get(f"/en/listings/{stroller.pk}/requests/")

    assert response.status_code == 200
    cards = soup(response).select("[data-waiting] li.card")
    assert [card.find("strong").get_text() for card in cards] == ["はなこ", "Minh"]
    assert "孫のために" in cards[0].get_text()
    assert cards[0].find("time")


def test_only_the_owner_and_coordinators_see_the_requesters(
    client, stroller, resident, other_resident, coordinator
):
    request_item(listing=stroller, by=resident)
    url = f"/en/listings/{stroller.pk}/requests/"
    client.force_login(other_resident)
    assert client.get(url).status_code == 403
    client.force_login(resident)  # even the requester
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url)["Location"].startswith("/en/accounts/login/")
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def test_the_requesters_of_a_draft_are_not_found_for_others(client, resident):
    draft = ListingFactory(kind="item")
    client.force_login(resident)
    assert client.get(f"/en/listings/{draft.pk}/requests/").status_code == 404


def test_choose_undo_and_hand_over_through_the_page(client, stroller, resident, other_resident):
    chosen = request_item(listing=stroller, by=resident)
    request_item(listing=stroller, by=other_resident)
    client.force_login(stroller.owner)
    base = f"/en/listings/{stroller.pk}/requests/"

    response = client.post(f"{base}{chosen.pk}/choose/", follow=True)
    assert soup(response).select_one("[data-chosen]")
    assert "Promised" in soup(response).get_text()

    client.post(f"{base}undo/")
    assert set(ItemRequest.objects.values_list("status", flat=True)) == {"waiting"}

    client.post(f"{base}{chosen.pk}/choose/")
    response = client.post(f"{base}handed-over/")
    assert response["Location"] == "/en/listings/mine/"
    stroller.refresh_from_db()
    assert stroller.closed_reason == "fulfilled"


def test_others_cannot_choose_undo_or_hand_over(client, stroller, resident, other_resident):
    item_request = request_item(listing=stroller, by=resident)
    base = f"/en/listings/{stroller.pk}/requests/"
    client.force_login(other_resident)
    assert client.post(f"{base}{item_request.pk}/choose/").status_code == 403
    choose_item_request(item_request=item_request, by=stroller.owner)
    assert client.post(f"{base}undo/").status_code == 403
    assert client.post(f"{base}handed-over/").status_code == 403
    assert client.post(f"{base}{item_request.pk}/message/").status_code == 403
    item_request.refresh_from_db()
    assert item_request.status == ItemRequestStatus.CHOSEN


def test_a_request_of_another_listing_is_not_found(client, stroller, resident):
    elsewhere = request_item(listing=offer(), by=resident)
    client.force_login(stroller.owner)
    response = client.post(f"/en/listings/{stroller.pk}/requests/{elsewhere.pk}/choose/")
    assert response.status_code == 404


def test_choosing_twice_says_why_not(client, stroller, resident, other_resident):
    first = request_item(listing=stroller, by=resident)
    second = request_item(listing=stroller, by=other_resident)
    client.force_login(stroller.owner)
    base = f"/en/listings/{stroller.pk}/requests/"
    client.post(f"{base}{first.pk}/choose/")
    response = client.post(f"{base}{second.pk}/choose/", follow=True)
    assert "Undo that choice first" in soup(response).get_text()


def test_the_owner_messages_the_chosen_person_in_the_same_conversation(client, stroller, resident):
    item_request = request_item(listing=stroller, by=resident)
    choose_item_request(item_request=item_request, by=stroller.owner)
    client.force_login(stroller.owner)

    response = client.post(f"/en/listings/{stroller.pk}/requests/{item_request.pk}/message/")

    conversation = Conversation.objects.get()
    assert response["Location"].endswith(f"/messages/{conversation.pk}/")
    assert set(conversation.memberships.values_list("user_id", flat=True)) == {
        stroller.owner_id,
        resident.pk,
    }
    client.force_login(resident)  # the requester's "Message the owner" arrives there too
    response = client.post(f"/en/messages/start/{stroller.pk}/")
    assert response["Location"].endswith(f"/messages/{conversation.pk}/")
    assert Conversation.objects.count() == 1


def test_withdraw_from_my_requests(client, stroller, resident, other_resident):
    item_request = request_item(listing=stroller, by=resident)
    url = f"/en/listings/my-requests/{item_request.pk}/withdraw/"
    client.force_login(other_resident)
    assert client.post(url).status_code == 404
    client.force_login(resident)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == "/en/listings/my-requests/"
    item_request.refresh_from_db()
    assert item_request.status == ItemRequestStatus.WITHDRAWN


def test_my_requests_shows_where_each_stands(client, resident, other_resident):
    waiting = offer(title="待っている")
    chosen = offer(title="選ばれた")
    not_chosen = offer(title="ほかの人に")
    handed = offer(title="受け取った")
    request_item(listing=waiting, by=resident)
    for listing in (chosen, handed):
        choose_item_request(
            item_request=request_item(listing=listing, by=resident), by=listing.owner
        )
    request_item(listing=not_chosen, by=resident)
    choose_item_request(
        item_request=request_item(listing=not_chosen, by=other_resident), by=not_chosen.owner
    )
    fulfil_item_request(listing=handed, by=handed.owner)
    client.force_login(resident)

    page = soup(client.get("/en/listings/my-requests/"))

    statuses = {
        card.find("h2").get_text(strip=True): card["data-status"] for card in page.select("li.card")
    }
    assert statuses == {
        "待っている": "waiting",
        "選ばれた": "chosen",
        "ほかの人に": "not_chosen",
        "受け取った": "fulfilled",
    }
    chosen_card = page.find("li", attrs={"data-status": "chosen"})
    assert chosen_card.find("form")["action"] == f"/en/messages/start/{chosen.pk}/"
    assert "Message the owner" in chosen_card.get_text()


def test_my_requests_needs_a_login(client):
    assert client.get("/en/listings/my-requests/")["Location"].startswith("/en/accounts/login/")


def test_my_requests_query_count_does_not_grow(client, resident, django_assert_max_num_queries):
    client.force_login(resident)
    for _ in range(2):
        request_item(listing=offer(), by=resident)
    client.get("/en/listings/my-requests/")
    with django_assert_max_num_queries(12) as few:
        client.get("/en/listings/my-requests/")
    budget = len(few.captured_queries)
    for _ in range(6):
        request_item(listing=offer(), by=resident)
    with django_assert_max_num_queries(budget):
        response = client.get("/en/listings/my-requests/")
    assert len(soup(response).select("li.card")) == 8


def test_the_requesters_page_query_count_does_not_grow(
    client, stroller, django_assert_max_num_queries
):
    request_item(listing=stroller, by=UserFactory(profile__display_name="A"))
    client.force_login(stroller.owner)
    client.get(f"/en/listings/{stroller.pk}/requests/")
    with django_assert_max_num_queries(16) as few:
        client.get(f"/en/listings/{stroller.pk}/requests/")
    budget = len(few.captured_queries)
    for _ in range(6):
        request_item(listing=stroller, by=UserFactory())
    client.get(f"/en/listings/{stroller.pk}/requests/")  # the bell's unread count is cached again
    with django_assert_max_num_queries(budget):
        response = client.get(f"/en/listings/{stroller.pk}/requests/")
    assert len(soup(response).select("[data-waiting] li.card")) == 7


def test_a_promised_listing_shows_it_and_takes_no_requests(client, stroller, resident):
    choose_item_request(
        item_request=request_item(listing=stroller, by=UserFactory()), by=stroller.owner
    )
    client.force_login(resident)
    found = panel(client.get(f"/en/listings/{stroller.pk}/"))
    assert found.select_one("[data-promised]").get_text() == "Promised"
    assert not found.find("textarea")
    client.logout()
    found = panel(client.get(f"/ja/listings/{stroller.pk}/"))
    assert found.select_one("[data-promised]")
    assert not found.find("a", href=lambda href: href and "login" in href)


def test_cards_show_promised_without_a_query_per_card(client):
    listing = offer()
    others = [offer(category=listing.category) for _ in range(4)]
    promise = [
        lambda other=other: choose_item_request(
            item_request=request_item(listing=other, by=UserFactory()), by=other.owner
        )
        for other in others
    ]
    promise[0]()
    client.get(f"/en/listings/{listing.pk}/")  # the site settings row is made on the first view
    with CaptureQueriesContext(connection) as one_promised:
        client.get(f"/en/listings/{listing.pk}/")
    for make in promise[1:3]:
        make()
    with CaptureQueriesContext(connection) as three_promised:
        response = client.get(f"/en/listings/{listing.pk}/")

    cards = soup(response).select(".listing-card")
    assert len(cards) == 4
    assert sum(1 for card in cards if card.select_one("[data-promised]")) == 3
    assert len(three_promised.captured_queries) == len(one_promised.captured_queries)
    promised_queries = [
        q for q in three_promised.captured_queries if "listings_itemrequest" in q["sql"]
    ]
    assert len(promised_queries) == 1  # one for the panel and all the cards


def test_my_listings_counts_requests_without_a_query_per_listing(
    client, resident, django_assert_max_num_queries
):
    first = offer(owner=resident)
    request_item(listing=first, by=UserFactory())
    client.force_login(resident)
    client.get("/en/listings/mine/")
    with CaptureQueriesContext(connection) as few:
        client.get("/en/listings/mine/")
    budget = len(few.captured_queries)
    for _ in range(3):
        listing = offer(owner=resident)
        request_item(listing=listing, by=UserFactory())
        request_item(listing=listing, by=UserFactory())
    promised = offer(owner=resident)
    choose_item_request(item_request=request_item(listing=promised, by=UserFactory()), by=resident)
    client.get("/en/listings/mine/")  # the bell's unread count is cached again
    with django_assert_max_num_queries(budget):
        response = client.get("/en/listings/mine/")
    counts = [p.get_text(" ", strip=True) for p in soup(response).select("[data-item-requests]")]
    assert counts.count("Requests waiting (2)") == 3
    assert "Promised Requests waiting (0)" in counts
    assert "Requests waiting (1)" in counts
