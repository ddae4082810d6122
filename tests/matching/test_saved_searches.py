"""Saved searches: "notify me of new listings like this" on the search page, the page listing
them, deleting them (one's own only), and the alerts they bring."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import EmailFrequency, Notification, NotificationKind
from listings.models import Category
from listings.services import submit_listing
from matching.models import MatchAlert, SavedSearch
from matching.saved_searches import (
    MAX_SAVED_SEARCHES,
    canonical_query,
    save_search,
    saved_searches_matching,
)
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db

INDEX = "/en/listings/"
SAVE = "/en/matching/searches/save/"
SAVED = "/en/matching/searches/"


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def published(**fields):
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_canonical_query_keeps_valid_filters_and_keywords_sorted():
    query = canonical_query(
        {
            "q": "  スマホ ",
            "kind": "skill",
            "category": "digital",
            "area": "城東",
            "free": "1",
            "page": "3",
            "sort": "newest",
            "km": "5",
            "near": "城東",
            "direction": "sideways",  # not a direction: left out
        }
    )
    assert query == (
        "area=%E5%9F%8E%E6%9D%B1&category=digital&free=1&kind=skill&q=%E3%82%B9%E3%83%9E%E3%83%9B"
    )
    assert canonical_query({"page": "2", "sort": "newest"}) == ""


def test_a_resident_saves_the_search_from_the_search_page(client, resident):
    client.force_login(resident)
    page = parse(client.get(f"{INDEX}?q=スマホ&category=digital&sort=newest"))
    form = page.find("form", action=SAVE)
    assert form is not None
    fields = {i["name"]: i["value"] for i in form.find_all("input") if i.get("name")}
    assert fields["q"] == "スマホ" and fields["category"] == "digital"
    assert "sort" not in fields

    response = client.post(SAVE, fields, follow=True)

    saved = SavedSearch.objects.get(user=resident)
    assert saved.query_string == canonical_query({"q": "スマホ", "category": "digital"})
    assert response.redirect_chain[-1][0] == fields["next"]
    assert any("Saved" in message for message in messages_of(response))


def test_saving_the_same_search_twice_is_a_friendly_no_op(client, resident):
    client.force_login(resident)
    client.post(SAVE, {"category": "digital", "q": "スマホ"})
    response = client.post(SAVE, {"q": "スマホ", "category": "digital", "page": "2"}, follow=True)

    assert SavedSearch.objects.filter(user=resident).count() == 1
    assert any("already saved" in message for message in messages_of(response))


def test_a_search_for_everything_cannot_be_saved(client, resident):
    client.force_login(resident)
    response = client.post(SAVE, {"sort": "newest"}, follow=True)

    assert not SavedSearch.objects.exists()
    assert any("Choose some keywords or filters" in message for message in messages_of(response))


def test_at_most_twenty_saved_searches(client, resident):
    for number in range(MAX_SAVED_SEARCHES):
        save_search(user=resident, params={"q": f"word{number}"})
    client.force_login(resident)

    response = client.post(SAVE, {"q": "one too many"}, follow=True)

    assert SavedSearch.objects.filter(user=resident).count() == MAX_SAVED_SEARCHES
    assert any("Delete one" in message for message in messages_of(response))
    with pytest.raises(ValidationError):
        save_search(user=resident, params={"q": "again"})


def test_anonymous_visitors_are_asked_to_log_in(client):
    page = parse(client.get(f"{INDEX}?q=スマホ"))

    assert page.find("form", action=SAVE) is None
    link = page.select_one(".save-search a")
    assert link["href"].startswith("/en/accounts/login/?next=")
    assert client.post(SAVE, {"q": "スマホ"}).status_code == 302
    assert not SavedSearch.objects.exists()


def test_the_form_is_offered_only_for_a_filtered_search(client, resident):
    client.force_login(resident)
    assert parse(client.get(INDEX)).find("form", action=SAVE) is None


def test_my_saved_searches_lists_mine_with_a_link_to_run_each(client, resident, other_resident):
    mine, _created = save_search(user=resident, params={"q": "スマホ", "category": "digital"})
    theirs, _created = save_search(user=other_resident, params={"q": "自転車"})
    client.force_login(resident)

    page = parse(client.get(SAVED))

    entries = page.select("[data-saved-search]")
    assert [entry["data-saved-search"] for entry in entries] == [str(mine.pk)]
    link = entries[0].find("a")
    assert link["href"] == f"{INDEX}?{mine.query_string}"
    assert "“スマホ”" in link.get_text()
    assert "自転車" not in page.get_text()
    assert theirs.pk


def test_a_resident_deletes_their_saved_search(client, resident):
    saved, _created = save_search(user=resident, params={"q": "スマホ"})
    client.force_login(resident)

    response = client.post(f"/en/matching/searches/{saved.pk}/delete/", follow=True)

    assert response.status_code == 200
    assert not SavedSearch.objects.exists()


def test_nobody_sees_or_deletes_another_residents_saved_search(client, resident, other_resident):
    theirs, _created = save_search(user=other_resident, params={"q": "スマホ"})
    client.force_login(resident)

    assert client.post(f"/en/matching/searches/{theirs.pk}/delete/").status_code == 404
    assert client.get(f"/en/matching/searches/{theirs.pk}/delete/").status_code == 405
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()
    client.logout()
    assert client.post(f"/en/matching/searches/{theirs.pk}/delete/").status_code == 302
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()


def test_a_new_listing_matching_a_saved_search_alerts_its_owner(
    django_capture_on_commit_callbacks,
):
    watcher = UserFactory(
        profile__email_on_match=EmailFrequency.IMMEDIATELY, profile__language="en"
    )
    save_search(user=watcher, params={"q": "自転車", "category": "goods-children"})
    bicycle = {
        "kind": "item",
        "direction": "offer",
        "title": "子ども用の自転車を譲ります",
        "description": "16インチ、補助輪つきです。",
        "category": Category.objects.get(slug="goods-children"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        offer = published(**bicycle)
        published(**{**bicycle, "category": Category.objects.get(slug="goods-home")})
        published(**{**bicycle, "title": "子ども用の絵本を譲ります", "description": "絵本です。"})

    alert = MatchAlert.objects.get()
    assert (alert.recipient, alert.listing, alert.for_listing) == (watcher, offer, None)
    assert alert.saved_search.user == watcher
    notification = Notification.objects.get()
    assert notification.kind == NotificationKind.SAVED_SEARCH
    assert notification.listing == offer
    assert "自転車" in notification.data["search"]
    (message,) = mail.outbox
    assert message.to == [watcher.email]
    assert offer.title in message.subject
    assert "自転車" in message.body


def test_every_keyword_must_match(django_capture_on_commit_callbacks):
    watcher = UserFactory()
    saved, _created = save_search(user=watcher, params={"q": "スマホ 自転車"})
    only_one = published(title="スマホの使い方を教えます")

    assert saved_searches_matching([only_one.pk]) == {}


def test_a_saved_search_whose_category_is_gone_matches_nothing():
    watcher = UserFactory()
    saved = SavedSearch.objects.create(user=watcher, query_string="category=no-longer-there")
    listing = published()

    assert saved_searches_matching([listing.pk]) == {}
    assert saved.pk
