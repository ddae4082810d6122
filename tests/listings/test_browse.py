"""Browsing listings: filters in the URL, facet counts, pagination and a fixed number of queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from listings.models import Category, Listing
from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

INDEX = "/en/listings/"


def published(**fields) -> Listing:
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


def category(slug: str) -> Category:
    return Category.objects.get(slug=slug)


@pytest.fixture
def smartphone_lessons():
    """A sub-category of Digital help."""
    return Category.objects.create(
        slug="smartphone-lessons",
        parent=category("digital"),
        names={"ja": "スマホ教室", "en": "Smartphone lessons"},
    )


def titles(response) -> list[str]:
    return [listing.title for listing in response.context["listings"]]


def test_only_published_listings_are_listed_newest_first():
    older = published(title="Older")
    newer = published(title="Newer")
    Listing.objects.filter(pk=older.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=2)
    )
    ListingFactory(title="A draft")
    hidden = published(title="Hidden", hidden=False)
    Listing.objects.filter(pk=hidden.pk).update(hidden=True)
    expired = published(title="Past its expiry")
    Listing.objects.filter(pk=expired.pk).update(expires_at=timezone.now())

    response = rendered(INDEX)

    assert titles(response) == [newer.title, older.title]


def rendered(path, client=None):
    from django.test import Client

    response = (client or Client()).get(path)
    assert response.status_code == 200, path
    return response


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=item", {"Lend a ladder", "Looking for a pram"}),
        ("direction=request", {"Looking for a pram", "Help with LINE"}),
        ("kind=item&direction=request", {"Looking for a pram"}),
        ("area=城東", {"Lend a ladder", "Help with LINE"}),
        ("category=goods-children", {"Looking for a pram"}),
        ("kind=skill&area=城東&category=digital", {"Help with LINE"}),
    ],
)
def test_filters_combine(query, expected):
    published(title="Teach smartphones", area="城西")
    published(title="Help with LINE", direction="request", area="城東")
    published(title="Lend a ladder", kind="item", category=category("goods-home"), area="城東")
    published(
        title="Looking for a pram",
        kind="item",
        direction="request",
        category=category("goods-children"),
    )

    response = rendered(f"{INDEX}?{query}")

    assert set(titles(response)) == expected
    assert response.context["page_obj"].paginator.count == len(expected)


def test_a_category_includes_its_sub_categories(smartphone_lessons):
    published(title="In Digital help")
    published(title="In Smartphone lessons", category=smartphone_lessons)
    published(title="Elsewhere", category=category("food"))

    assert set(titles(rendered(f"{INDEX}?category=digital"))) == {
        "In Digital help",
        "In Smartphone lessons",
    }
    assert titles(rendered(f"{INDEX}?category=smartphone-lessons")) == ["In Smartphone lessons"]


def test_facets_count_each_choice_under_the_other_filters(smartphone_lessons):
    published(kind="skill", direction="offer", area="城東")
    published(kind="skill", direction="request", area="城東", category=smartphone_lessons)
    published(kind="item", direction="offer", category=category("goods-home"), area="城東")
    published(kind="item", direction="offer", category=category("goods-home"), area="城西")
    ListingFactory(kind="space")  # a draft counts nowhere

    response = rendered(f"{INDEX}?kind=skill&area=城東")
    context = response.context

    kinds = {facet.value: facet.count for facet in context["kind_facets"]}
    # Kinds are counted without the kind filter, but within the area 城東.
    assert kinds == {"skill": 2, "item": 1, "space": 0, "activity": 0}
    directions = {facet.value: facet.count for facet in context["direction_facets"]}
    assert directions == {"offer": 1, "request": 1}
    categories = {facet.value: facet.count for facet in context["category_facets"]}
    assert categories["digital"] == 2  # its sub-category's listing counts too
    assert categories["goods-home"] == 0  # an item, and the kind filter is skill
    assert "smartphone-lessons" not in categories  # top level only
    assert len(categories) == Category.objects.top_level().count()

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one('select[name="kind"] option[value="item"]').text == "Item (1)"
    selected = soup.select_one('select[name="area"] option[selected]')
    assert selected["value"] == "城東"
    assert selected.text == "城東 (2)"  # areas are counted within kind=skill
    digital = soup.find("a", href=lambda href: href and "category=digital" in href)
    assert "(2)" in digital.text
    assert "kind=skill" in digital["href"]  # the other filters stay in the link


def test_the_filter_form_is_a_get_form_that_keeps_its_values():
    published(kind="item", category=category("goods-home"))

    soup = BeautifulSoup(rendered(f"{INDEX}?kind=item&category=goods-home").content, "html.parser")

    form = soup.find("form", class_="listing-filters")
    assert form["action"] == INDEX
    assert form["method"] == "get"
    assert form.select_one('select[name="kind"] option[selected]')["value"] == "item"
    assert form.select_one('select[name="category"] option[selected]')["value"] == "goods-home"
    assert soup.find("a", href="/en/listings/new/")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=car", "kind"),
        ("direction=sideways", "direction"),
        ("category=no-such-category", "category"),
        ("area=" + "x" * 81, "area"),
    ],
)
def test_an_invalid_filter_value_is_a_form_error_not_a_server_error(query, field):
    published(title="Still listed")

    response = rendered(f"{INDEX}?{query}")

    assert field in response.context["form"].errors
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f"#id_{field}_error")
    assert titles(response) == ["Still listed"]  # the invalid filter is left out


def test_an_invalid_value_does_not_drop_the_valid_filters():
    published(title="A skill")
    published(title="An item", kind="item", category=category("goods-home"))

    response = rendered(f"{INDEX}?kind=item&direction=sideways")

    assert titles(response) == ["An item"]


def test_twenty_listings_a_page_and_the_filters_stay_in_the_page_links():
    for _ in range(45):
        published(kind="item")
    published(kind="skill")

    first = rendered(f"{INDEX}?kind=item")
    assert len(first.context["listings"]) == 20
    soup = BeautifulSoup(first.content, "html.parser")
    next_link = soup.find("a", rel="next")["href"]
    assert "kind=item" in next_link
    assert "page=2" in next_link

    last = rendered(f"{INDEX}?kind=item&page=3")
    assert len(last.context["listings"]) == 5
    assert BeautifulSoup(last.content, "html.parser").find("a", rel="prev")

    assert rendered(f"{INDEX}?kind=item&page=99").context["page_obj"].number == 3
    assert rendered(f"{INDEX}?kind=item&page=abc").context["page_obj"].number == 1


def test_a_category_link_drops_the_page_number():
    for _ in range(21):
        published()

    soup = BeautifulSoup(rendered(f"{INDEX}?page=2").content, "html.parser")

    link = soup.find("a", href=lambda href: href and "category=food" in href)["href"]
    assert "page=" not in link


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        rendered(path, client)
    return len(queries)


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_number_of_queries_does_not_grow_with_the_listings(
    client, resident, django_assert_max_num_queries, logged_in
):
    if logged_in:
        client.force_login(resident)
    areas = ["城東", "城西", "犬山", "羽黒"]
    kinds = ["skill", "item", "space", "activity"]
    slugs = ["digital", "food", "goods-home", "learning"]
    for i in range(4):
        published(kind=kinds[i], area=areas[i], category=category(slugs[i]))
    rendered(INDEX, client)  # the site settings row is created on the first page view

    few = queries_for(client, f"{INDEX}?direction=offer")
    for i in range(60):
        published(kind=kinds[i % 4], area=areas[i % 4], category=category(slugs[i % 4]))
    many = queries_for(client, f"{INDEX}?direction=offer")
    second_page = queries_for(client, f"{INDEX}?direction=offer&page=2")

    assert few == many == second_page
    # 5 for the listings (areas with a centre, categories, facet groups, the page, its photos)
    # + 4 for the header and footer (site, site settings, menu pages and their view
    # restrictions); logged in, 6 more: session, user, profile, the coordinator check and the
    # user bar's two permission queries.
    with django_assert_max_num_queries(15 if logged_in else 9):
        rendered(f"{INDEX}?direction=offer&category=digital&page=2", client)


def test_the_cards_show_kind_direction_category_area_terms_and_date_in_words():
    published(
        title="Lend a ladder",
        kind="item",
        direction="offer",
        category=category("goods-home"),
        area="城東",
        terms="fee",
        fee_amount=1500,
    )
    published(title="Swap seeds", terms="exchange", direction="request")

    soup = BeautifulSoup(rendered(INDEX).content, "html.parser")
    cards = {
        card.find("h3").text.strip(): card.get_text(" ", strip=True)
        for card in soup.select(".listing-card")
    }

    ladder = cards["Lend a ladder"]
    for words in ["Offer", "Item", "Home goods", "城東", "¥1,500", "Posted"]:
        assert words in ladder
    seeds = cards["Swap seeds"]
    for words in ["Request", "Skill", "Digital help", "Exchange"]:
        assert words in seeds


def test_the_page_in_japanese():
    published(title="はしごを貸します", kind="item", category=category("goods-home"))

    response = rendered("/ja/listings/")

    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "はしごを貸します" in text
    assert "家具・家電・生活用品" in text  # category name in Japanese
    assert "できます・あげます" in text  # the offer badge
    assert "モノ" in text  # the item badge
    assert response.context["form"].fields["kind"].choices[1] == ("skill", "スキル (0)")


def test_the_site_header_links_to_the_listings(client):
    soup = BeautifulSoup(rendered(INDEX).content, "html.parser")

    link = soup.select_one(f'.site-nav a[href="{INDEX}"]')
    assert link.text == "Listings"
    assert link.get("aria-current") == "true"


def test_links_carry_only_the_valid_filters_and_a_chosen_facet_link_removes_it():
    published(kind="item", category=category("goods-home"))

    soup = BeautifulSoup(rendered(f"{INDEX}?kind=item&category=nowhere").content, "html.parser")

    food = soup.find("a", href=lambda href: href and "category=food" in href)["href"]
    assert "kind=item" in food
    assert "nowhere" not in food
    chosen = soup.select_one('.facets a[aria-current="true"]')
    assert chosen.text.startswith("Item")
    assert "kind=" not in chosen["href"]


def test_choosing_the_only_chosen_facet_again_goes_back_to_all_listings():
    published()

    soup = BeautifulSoup(rendered(f"{INDEX}?direction=offer").content, "html.parser")

    assert soup.select_one('.facets a[aria-current="true"]')["href"].rstrip("?") == INDEX
