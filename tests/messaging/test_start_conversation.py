"""「メッセージを送る」 on a listing's page: a POST opens the conversation with whoever answers for
the listing (a second click returns to it); refusals are shown on the listing's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from listings.services import submit_listing
from messaging import services
from messaging.models import Conversation, Membership
from tests.accounts.markup import parse
from tests.factories import ListingFactory, ProxyResidentFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"messaging:{name}", args=args)


def listing_url(listing) -> str:
    with translation.override("en"):
        return reverse("listings:detail", args=[listing.pk])


def published(**fields):
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


def proxy_listing(coordinator, **fields):
    """A published listing a coordinator posted for a consenting proxy resident."""
    proxy = ProxyResidentFactory(coordinator=coordinator)
    now = timezone.now()
    return ListingFactory(
        owner=None,
        proxy_owner=proxy,
        posted_by=coordinator,
        status="published",
        published_at=now,
        expires_at=now + datetime.timedelta(days=30),
        **fields,
    )


def conversation_about(listing, asker) -> Conversation:
    return services.start_conversation(listing=listing, by=asker)


def typed_message(response) -> str:
    """What the conversation page's message form shows in its text box."""
    textarea = parse(response).select_one("form[data-message-form] textarea[name=body]")
    return textarea.get_text().strip()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_button_opens_a_conversation_with_the_owner_and_a_second_click_returns(
    client, resident, other_resident
):
    listing = published(owner=other_resident)
    client.force_login(resident)

    page = parse(client.get(listing_url(listing)))
    form = page.select_one(".listing-contact form[data-start-conversation]")
    assert form["method"] == "post" and form["action"] == url("start", listing.pk)
    assert form.find("button").get_text(strip=True) == "Send a message"

    first = client.post(url("start", listing.pk))
    conversation = Conversation.objects.get()
    assert first.status_code == 302
    assert first["Location"] == url("conversation", conversation.pk)
    assert set(conversation.memberships.values_list("user_id", flat=True)) == {
        resident.pk,
        other_resident.pk,
    }
    assert conversation.listing == listing

    second = client.post(url("start", listing.pk))
    assert second["Location"] == first["Location"]
    assert Conversation.objects.count() == 1


def test_the_button_is_in_japanese_first(client, resident, other_resident):
    listing = published(owner=other_resident)
    client.force_login(resident)
    with translation.override("ja"):
        path = reverse("listings:detail", args=[listing.pk])
    page = parse(client.get(path))
    assert page.select_one("[data-start-conversation] button").get_text(strip=True) == (
        "メッセージを送る"
    )


def test_the_owner_sees_no_button_and_posting_to_their_own_listing_is_refused(client, resident):
    listing = published(owner=resident)
    client.force_login(resident)

    page = parse(client.get(listing_url(listing)))
    assert page.select_one("[data-start-conversation]") is None
    assert "This is your listing." in page.select_one(".listing-contact").get_text()

    response = client.post(url("start", listing.pk), follow=True)
    assert response.redirect_chain[-1][0].startswith(listing_url(listing))
    assert messages_of(response) == ["This is your own listing."]
    assert not Conversation.objects.exists()


def test_a_blocked_person_cannot_start_a_conversation_and_is_told_so(
    client, resident, other_resident
):
    listing = published(owner=other_resident)
    services.block_user(blocker=other_resident, blocked=resident)
    client.force_login(resident)

    response = client.post(url("start", listing.pk), follow=True)

    assert messages_of(response) == ["You cannot send messages to this person."]
    assert "You cannot send messages to this person." in response.content.decode()
    assert not Conversation.objects.exists()


def test_a_new_account_over_the_daily_limit_gets_a_clear_message(client, other_resident):
    newcomer = UserFactory()
    listings = [published(owner=other_resident) for _ in range(11)]
    client.force_login(newcomer)
    for listing in listings[:10]:
        assert client.post(url("start", listing.pk)).status_code == 302

    response = client.post(url("start", listings[10].pk), follow=True)

    assert Conversation.objects.count() == 10
    [message] = messages_of(response)
    assert "at most 10 conversations a day" in message


def test_an_account_older_than_a_week_has_no_daily_limit(client, other_resident):
    neighbour = UserFactory(date_joined=timezone.now() - datetime.timedelta(days=8))
    listings = [published(owner=other_resident) for _ in range(12)]
    client.force_login(neighbour)

    for listing in listings:
        assert client.post(url("start", listing.pk)).status_code == 302

    assert Conversation.objects.filter(created_by=neighbour).count() == 12


def test_a_proxy_listing_says_the_community_centre_answers_and_the_coordinator_gets_it(
    client, resident, coordinator
):
    listing = proxy_listing(coordinator)
    client.force_login(resident)

    page = parse(client.get(listing_url(listing)))
    contact = page.select_one(".listing-contact")
    assert contact.select_one("[data-start-conversation] button")
    assert "community centre answers messages about this listing for the resident" in (
        contact.get_text()
    )
    assert listing.proxy_owner.name not in page.get_text()

    response = client.post(url("start", listing.pk))
    conversation = Conversation.objects.get()
    assert response["Location"] == url("conversation", conversation.pk)
    answering = Membership.objects.get(conversation=conversation, user=coordinator)
    assert answering.on_behalf_of == listing.proxy_owner


def test_the_coordinator_of_a_proxy_listing_is_told_they_answer(client, coordinator):
    listing = proxy_listing(coordinator)
    client.force_login(coordinator)
    page = parse(client.get(listing_url(listing)))
    assert page.select_one("[data-start-conversation]") is None
    assert "You answer messages about this listing" in page.select_one(".listing-contact").text


def test_visitors_are_asked_to_log_in(client, other_resident):
    listing = published(owner=other_resident)

    page = parse(client.get(listing_url(listing)))
    assert page.select_one(".listing-contact a[href^='/en/accounts/login/']")
    response = client.post(url("start", listing.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Conversation.objects.exists()


def test_a_listing_the_user_cannot_see_is_not_found_and_get_is_not_allowed(
    client, resident, other_resident
):
    draft = ListingFactory(owner=other_resident)
    client.force_login(resident)
    assert client.post(url("start", draft.pk)).status_code == 404
    assert client.get(url("start", published(owner=other_resident).pk)).status_code == 405
    assert not Conversation.objects.exists()
