"""A resident posts an item with a photo from a phone; a neighbour finds it by typing
half-width katakana and sees its photo, then opens the map only when asking for it."""

import io
import re

import pytest
from django.conf import settings
from django.urls import re_path
from django.views.static import serve
from PIL import Image
from playwright.sync_api import expect

from config.urls import urlpatterns as site_urlpatterns
from listings.models import Listing

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# The site's URLs plus the uploaded files, which only `make run` (DEBUG) serves otherwise.
urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media), *site_urlpatterns]


@pytest.fixture
def media_served(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = __name__


def laptop_photo() -> bytes:
    image = Image.new("RGB", (800, 600), (230, 240, 250))
    image.paste((40, 60, 80), (200, 150, 600, 420))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def test_resident_posts_an_item_with_a_photo_and_a_neighbour_finds_it(
    resident, browser_page, log_in_as, media_served
):
    page = browser_page
    # Posting re-encodes the photo: allow a slow, shared machine more than the default 10 s.
    page.context.set_default_timeout(30_000)
    page.set_viewport_size({"width": 390, "height": 844})
    policy_violations = []

    def watch(message):
        if "Content Security Policy" in message.text:
            policy_violations.append(message.text)

    page.on("console", watch)
    log_in_as(resident)

    page.goto("/en/listings/new/")
    page.get_by_label("An item: a thing to give, lend or receive").check()
    page.get_by_label("I can offer this").check()
    page.get_by_label("Title").fill("パソコンを譲ります")
    page.get_by_label("Description").fill("5年使ったノートパソコンです。まだ十分使えます。")
    page.get_by_label("Category").select_option(label="Home goods")
    page.get_by_label("Area", exact=True).fill("城東")
    page.get_by_label("Latitude").fill("35.3786")
    page.get_by_label("Longitude").fill("136.9446")
    page.get_by_label("Add photos").set_input_files(
        files=[{"name": "pc.jpg", "mimeType": "image/jpeg", "buffer": laptop_photo()}]
    )
    page.get_by_label("What do the new photos show?").fill("黒いノートパソコン")
    page.get_by_role("button", name="Save and publish").click()

    expect(page.get_by_text("パソコンを譲ります").first).to_be_visible()
    listing = Listing.objects.get(title="パソコンを譲ります")
    assert listing.status == "published"
    photo = listing.photos.get()
    assert photo.alt_text == "黒いノートパソコン"

    neighbour = page.context.browser.new_context(base_url=page.url.split("/en/")[0], locale="ja-JP")
    search = neighbour.new_page()
    search.on("console", watch)
    search.goto("/ja/listings/")
    search.get_by_label("キーワード").fill("ﾊﾟｿｺﾝ")
    search.get_by_role("button", name="検索").click()

    card = search.locator(
        ".listing-card", has=search.get_by_role("link", name="パソコンを譲ります")
    )
    expect(card).to_be_visible()
    thumbnail = card.locator("img.card-thumbnail")
    expect(thumbnail).to_be_visible()
    expect(thumbnail).to_have_attribute("src", photo.thumbnail.url)
    expect(thumbnail).to_have_attribute("alt", "黒いノートパソコン")
    assert thumbnail.evaluate("image => image.complete && image.naturalWidth > 0")

    card.get_by_role("link", name="パソコンを譲ります").click()
    expect(search.get_by_role("heading", level=1)).to_have_text("パソコンを譲ります")
    gallery_image = search.locator(".photo-gallery img")
    expect(gallery_image).to_have_attribute("alt", "黒いノートパソコン")
    # The map is not loaded until asked for; then it appears without leaving the page.
    assert search.locator("[data-listing-map]").count() == 0
    tiles = []
    search.route(
        "https://tile.openstreetmap.org/**",
        lambda route: (tiles.append(route.request.url), route.abort()),
    )
    url_before = search.url
    with search.expect_request("https://tile.openstreetmap.org/**") as tile_request:
        search.locator("a[data-show-map]").click()
    expect(search.locator("[data-listing-map]")).to_be_visible()
    assert search.url == url_before
    tile_url = tile_request.value.url
    assert re.fullmatch(r"https://tile\.openstreetmap\.org/1[345]/\d+/\d+\.png", tile_url)
    search.wait_for_timeout(500)  # time for a second tile request, which must not come
    assert tiles == [tile_url]
    assert policy_violations == []
    neighbour.close()


def test_the_listing_form_and_page_with_photos_and_map_pass_axe(
    resident, browser_page, log_in_as, media_served
):
    from listings.services import add_listing_photos, submit_listing
    from tests.browser.test_accessibility import blocking_violations, describe
    from tests.factories import ListingFactory

    page = browser_page
    page.context.set_default_timeout(30_000)
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    listing = ListingFactory(owner=resident, latitude=35.3786, longitude=136.9446, area="城東")
    photo = io.BytesIO(laptop_photo())
    photo.name, photo.size = "pc.jpg", len(photo.getvalue())
    add_listing_photos(listing=listing, by=resident, files=[photo, photo])
    submit_listing(listing=listing, by=resident)
    log_in_as(resident)

    found = {}
    for path in [
        "/ja/listings/new/",
        f"/ja/listings/{listing.pk}/edit/",
        f"/ja/listings/{listing.pk}/",
        f"/en/listings/{listing.pk}/?map=1",
        "/ja/listings/mine/",
    ]:
        response = page.goto(path)
        assert response is not None and response.ok, path
        if violations := blocking_violations(page):
            found[path] = violations
    assert not found, "axe found serious problems:\n" + describe(found)
