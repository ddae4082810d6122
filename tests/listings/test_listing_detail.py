"""A listing's page: who may see it, what it shows, and what it never shows."""

import datetime
import io
import math

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import ProxyResident
from listings.models import Category, Listing
from listings.services import (
    add_listing_photos,
    close_listing,
    describe_listing_photos,
    moderate_listing,
    submit_listing,
)
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def url(listing, language="en") -> str:
    return f"/{language}/listings/{listing.pk}/"


def published(**fields) -> Listing:
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


def page_text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def draft(**fields):
    return ListingFactory(**fields)


def hidden(coordinator):
    listing = published()
    return moderate_listing(listing=listing, by=coordinator, hidden=True, featured=False)


def expired():
    listing = published()
    Listing.objects.filter(pk=listing.pk).update(expires_at=timezone.now())
    return Listing.objects.get(pk=listing.pk)


def closed():
    listing = published()
    return close_listing(listing=listing, by=listing.owner, reason="fulfilled")


NOT_PUBLIC = {
    "draft": lambda coordinator: draft(),
    "hidden": hidden,
    "expired": lambda coordinator: expired(),
    "closed": lambda coordinator: closed(),
}
NOTICES = {
    "draft": "This listing is a draft.",
    "hidden": "The coordinators have hidden this listing.",
    "expired": "This listing has expired.",
    "closed": "This listing is closed.",
}


@pytest.mark.parametrize("state", NOT_PUBLIC)
def test_a_listing_that_is_not_public_is_not_found_by_others(
    client, other_resident, coordinator, state
):
    listing = NOT_PUBLIC[state](coordinator)

    assert client.get(url(listing)).status_code == 404
    client.force_login(other_resident)
    assert client.get(url(listing)).status_code == 404
    assert client.get(url(listing, "ja")).status_code == 404


@pytest.mark.parametrize("state", NOT_PUBLIC)
def test_its_owner_sees_it_with_a_notice_of_its_status(client, coordinator, state):
    listing = NOT_PUBLIC[state](coordinator)
    client.force_login(listing.owner)

    response = client.get(url(listing))

    assert response.status_code == 200
    notice = BeautifulSoup(response.content, "html.parser").select_one(".notice--status")
    assert "Only the owner and the coordinators can see this page." in notice.text
    assert NOTICES[state] in notice.text


@pytest.mark.parametrize("state", NOT_PUBLIC)
def test_coordinators_see_it_and_may_edit_it(client, coordinator, state):
    listing = NOT_PUBLIC[state](coordinator)
    client.force_login(coordinator)

    response = client.get(url(listing))

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".notice--status")
    assert soup.find("a", href=f"/en/listings/{listing.pk}/edit/")


def test_the_owner_sees_why_the_coordinators_sent_it_back(client):
    listing = draft(review_note="Please say which day suits you.")
    client.force_login(listing.owner)

    assert "Please say which day suits you." in page_text(client.get(url(listing)))


def test_a_published_listing_is_public_and_only_its_editors_see_the_edit_link(
    client, other_resident
):
    listing = published()
    edit = f"/en/listings/{listing.pk}/edit/"

    for viewer in [None, other_resident]:
        if viewer:
            client.force_login(viewer)
        response = client.get(url(listing))
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        assert not soup.find("a", href=edit)
        assert not soup.select_one(".notice--status")

    client.force_login(listing.owner)
    assert BeautifulSoup(client.get(url(listing)).content, "html.parser").find("a", href=edit)


def test_an_unknown_listing_is_not_found(client):
    assert client.get("/en/listings/999999/").status_code == 404


@pytest.fixture
def ladder():
    listing = published(
        title="Lend a ladder",
        description="A 3 m aluminium ladder.\nCollect it from my garage.",
        kind="item",
        direction="offer",
        category=Category.objects.get(slug="goods-home"),
        tags=["ladder", "DIY"],
        area="城東",
        latitude=35.3786123,
        longitude=136.9445987,
        terms="fee",
        fee_amount=500,
        availability="Weekends",
        item_condition="good",
        item_quantity=1,
        item_transfer="lend",
        spoken_languages=["ja", "vi"],
        owner__profile__display_name="はなこ",
    )
    listing.owner.email = "hanako.private@example.jp"
    listing.owner.save()
    return listing


def test_nothing_about_the_owner_is_shown_not_even_part_of_their_e_mail_address(client):
    listing = published()  # no display name: User.display_name would fall back to the e-mail
    local_part = listing.owner.email.split("@")[0]

    assert local_part not in client.get(url(listing)).content.decode()


def test_the_page_shows_what_the_listing_says(client, ladder):
    response = client.get(url(ladder))
    soup = BeautifulSoup(response.content, "html.parser")
    text = page_text(response)

    assert soup.h1.text == "Lend a ladder"
    for words in [
        "Offer",
        "Item",
        "Home goods",
        "城東",
        "The place is shown only approximately",
        "¥500",
        "Weekends",
        "Good",  # condition
        "Lend",  # give away or lend
        "Vietnamese",
        "Posted on",
        "Shown until",
    ]:
        assert words in text, words
    assert "A 3 m aluminium ladder.<br>Collect it from my garage." in response.text
    assert [li.text for li in soup.select(".tag-list li")] == ["ladder", "DIY"]
    assert soup.find("a", href="/en/listings/?category=goods-home")
    login = soup.select_one(".listing-contact a.button")  # a visitor logs in to send a message
    assert login.get_text(strip=True) == "Log in to send a message"
    assert login["href"].startswith("/en/accounts/login/?next=")


def test_the_page_never_shows_the_exact_place_or_the_owners_contact_details(client, ladder):
    html = client.get(url(ladder)).content.decode()

    for secret in ["35.378", "136.944", "35,378", "136,944", "hanako", "example.jp", "はなこ"]:
        assert secret not in html
    assert "tile" not in html.lower()  # no third-party map tiles are loaded
    assert "openstreetmap" not in html.lower()


def test_kind_specific_fields_show_only_for_their_kind_and_when_set(client):
    activity = published(
        title="Morning tai chi",
        kind="activity",
        category=Category.objects.get(slug="sports-health"),
        activity_recurrence="Every Wednesday at 10:00",
        activity_starts_at=datetime.datetime(2030, 5, 1, 1, 0, tzinfo=datetime.UTC),
        item_quantity=3,  # not an item: not shown
    )

    text = page_text(client.get(url(activity)))

    assert "Every Wednesday at 10:00" in text
    assert "Date and time" in text
    assert "10 a.m." in text  # 01:00 UTC is 10:00 in Japan
    assert "Quantity" not in text
    assert "Places" not in text  # activity capacity is not set


def test_related_listings_are_other_published_listings_of_the_same_category(client):
    listing = published(title="Main")
    others = [published(title=f"Related {n}") for n in range(5)]
    ListingFactory(title="A draft in the same category")
    published(title="Another category", category=Category.objects.get(slug="food"))

    response = client.get(url(listing))

    related = [item.title for item in response.context["related_listings"]]
    assert related == [other.title for other in reversed(others)][:4]
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select(".listing-card")) == 4


def test_the_query_count_is_small(client, django_assert_max_num_queries, media_root):
    listing = published()
    for other in [listing, *(published() for _ in range(6))]:
        add_listing_photos(listing=other, by=other.owner, files=[small_photo((40, 30))] * 2)
    client.get(url(listing))  # the site settings row is created on the first page view

    # listing, its photos, related listings, their photos + 4 for the header and footer + 5
    # for the matching suggestions (the search document, the categories, the term counts, the
    # candidates and their photos)
    with django_assert_max_num_queries(13):
        assert client.get(url(listing)).status_code == 200


def test_the_page_in_japanese(client, ladder):
    response = client.get(url(ladder, "ja"))

    text = page_text(response)
    assert response.status_code == 200
    assert "家具・家電・生活用品" in text
    assert "できます・あげます" in text
    assert "モノ" in text
    assert "ベトナム語" in text


def test_the_header_links_to_the_listings_in_every_language(client, ladder):
    for language, label in [("en", "Listings"), ("ja", "掲載")]:
        soup = BeautifulSoup(client.get(url(ladder, language)).content, "html.parser")
        assert soup.select_one(f'.site-nav a[href="/{language}/listings/"]').text == label


# Photos, the place on a map, private fields and listings posted on a resident's behalf.


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def small_photo(size=(800, 600)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_gallery_links_each_thumbnail_to_the_full_photo(client, media_root):
    listing = published(title="Chairs")
    first, second = add_listing_photos(
        listing=listing, by=listing.owner, files=[small_photo(), small_photo((600, 900))]
    )
    describe_listing_photos(listing=listing, by=listing.owner, alt_texts={first.pk: "Two chairs"})

    soup = BeautifulSoup(client.get(url(listing)).content, "html.parser")

    links = soup.select(".photo-gallery a")
    assert [link["href"] for link in links] == [first.image.url, second.image.url]
    images = [link.img for link in links]
    assert [img["src"] for img in images] == [first.thumbnail.url, second.thumbnail.url]
    assert images[0]["alt"] == "Two chairs"
    assert images[1]["alt"] == "Photo 2 of 2"  # never an image without a text alternative
    assert [(img["width"], img["height"]) for img in images] == [("480", "360"), ("320", "480")]
    assert all(img["loading"] == "lazy" for img in images)


def test_related_listings_show_their_first_photo(client, media_root):
    listing = published(title="Main")
    other = published(title="Related")
    [photo] = add_listing_photos(listing=other, by=other.owner, files=[small_photo()])

    soup = BeautifulSoup(client.get(url(listing)).content, "html.parser")

    assert [img["src"] for img in soup.select(".listing-card img")] == [photo.thumbnail.url]


def third_party_urls(soup) -> list[str]:
    """Every absolute URL on the page (loaded or linked): this site's own are relative."""
    return [
        tag[attribute]
        for tag in soup.find_all(True)
        for attribute in ("src", "href", "srcset", "action", "data", "poster")
        if "//" in tag.get(attribute, "")
    ]


def test_the_place_is_an_approximate_label_and_nothing_is_loaded_from_another_site(client, ladder):
    response = client.get(url(ladder))
    soup = BeautifulSoup(response.content, "html.parser")

    place = soup.select_one("[data-listing-place]")
    assert "城東" in place.text
    assert "(within about 500 m)" in place.text
    show = place.select_one("a[data-show-map]")
    assert show["href"] == "?map=1#listing-place"
    assert show.text == "Show on a map"
    assert not soup.select("[data-listing-map]")
    assert third_party_urls(soup) == []
    assert "openstreetmap" not in response.content.decode().lower()


def tile_of(latitude: float, longitude: float, zoom: int = 15) -> tuple[int, int]:
    n = 2**zoom
    lat = math.radians(latitude)
    return (
        int((longitude + 180) / 360 * n),
        int((1 - math.log(math.tan(lat) + 1 / math.cos(lat)) / math.pi) / 2 * n),
    )


def test_the_map_is_one_tile_around_the_approximate_place_when_asked_for(client, ladder):
    response = client.get(url(ladder) + "?map=1")
    soup = BeautifulSoup(response.content, "html.parser")

    loaded = [tag["src"] for tag in soup.find_all(src=True) if "//" in tag["src"]]
    assert len(loaded) == 1
    zoom = int(loaded[0].split("/")[3])
    assert zoom in (13, 14, 15)
    x, y = tile_of(*ladder.approximate_location, zoom=zoom)
    tile = f"https://tile.openstreetmap.org/{zoom}/{x}/{y}.png"
    assert loaded == [tile]
    figure = soup.select_one("[data-listing-map]")
    assert figure.img["src"] == tile and figure.img["alt"]
    attribution = figure.select_one(".listing-map__attribution")
    assert attribution.text.strip() == "© OpenStreetMap contributors"
    assert attribution.a["href"] == "https://www.openstreetmap.org/copyright"
    assert third_party_urls(soup) == [tile, "https://www.openstreetmap.org/copyright"]
    circle = figure.select_one("svg circle")
    cx, cy, r = (float(circle[name]) for name in ("cx", "cy", "r"))
    # The circle around the ~500 m cell (at zoom 15, 3.9 m a pixel) lies whole in the tile.
    assert 90 < r * 2 ** (15 - zoom) < 95
    assert r <= cx <= 256 - r and r <= cy <= 256 - r
    # The browser is allowed to load that tile, and only that site's images.
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert directives["img-src"] == "'self' data: https://tile.openstreetmap.org"
    html = response.content.decode()
    for secret in ["35.378", "136.944", "35,378", "136,944"]:
        assert secret not in html


def test_a_listing_without_a_place_has_no_map_even_when_asked(client):
    listing = published(area="城東")

    soup = BeautifulSoup(client.get(url(listing) + "?map=1").content, "html.parser")

    assert "城東" in soup.select_one("[data-listing-place]").text
    assert "within about 500 m" not in soup.text
    assert not soup.select("[data-show-map], [data-listing-map]")
    assert third_party_urls(soup) == []


@pytest.fixture
def hall():
    return published(
        title="Meeting room",
        kind="space",
        category=Category.objects.get(slug="volunteering"),
        space_capacity=12,
        space_address="城東1-2-3 山田方",
    )


def test_a_spaces_address_is_shown_only_to_its_owner_and_the_coordinators(
    client, hall, other_resident, coordinator
):
    assert "山田方" not in client.get(url(hall)).content.decode()
    client.force_login(other_resident)
    assert "山田方" not in client.get(url(hall)).content.decode()
    assert "12" in page_text(client.get(url(hall)))  # the capacity is public

    for viewer in [hall.owner, coordinator]:
        client.force_login(viewer)
        text = page_text(client.get(url(hall)))
        assert "城東1-2-3 山田方" in text
        assert "The address is shown only to the owner and the coordinators." in text


def test_a_listing_posted_for_a_resident_names_the_community_centre_never_them(
    client, coordinator, other_resident
):
    proxy = ProxyResident.objects.create(
        name="山田ウメ",
        name_reading="やまだ うめ",
        phone="0568-12-3456",
        how_to_reach="火曜日に公民館で",
        coordinator=coordinator,
        consent_given_on=datetime.date(2026, 4, 1),
        consent_scope="野菜のおすそわけを掲載する",
        consent_recorded_by=coordinator,
    )
    listing = ListingFactory(owner=None, proxy_owner=proxy, posted_by=coordinator)
    submit_listing(listing=listing, by=coordinator)

    for viewer in [None, other_resident]:
        if viewer:
            client.force_login(viewer)
        response = client.get(url(listing))
        text = page_text(response)
        assert "Posted by the community centre on behalf of a resident." in text
        note = "A coordinator of the community centre answers messages about this listing for the"
        assert f"{note} resident." in text
        html = response.content.decode()
        for secret in ["山田", "ウメ", "やまだ", "0568", "火曜日", coordinator.email]:
            assert secret not in html
