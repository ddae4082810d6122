"""A resident posts an item from a phone and a neighbour finds it by typing half-width katakana."""

import pytest
from playwright.sync_api import expect

from listings.models import Listing

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_resident_posts_an_item_and_a_neighbour_finds_it(resident, browser_page, log_in_as):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    log_in_as(resident)

    page.goto("/en/listings/new/")
    page.get_by_label("An item: a thing to give, lend or receive").check()
    page.get_by_label("I can offer this").check()
    page.get_by_label("Title").fill("ノートパソコンを譲ります")
    page.get_by_label("Description").fill("少し古いですが、インターネットとメールは使えます。")
    page.get_by_label("Category").select_option(label="Home goods")
    page.get_by_label("Area").fill("城東")
    page.get_by_role("button", name="Save and publish").click()

    expect(page.get_by_text("ノートパソコンを譲ります").first).to_be_visible()
    listing = Listing.objects.get(title="ノートパソコンを譲ります")
    assert (listing.kind, listing.direction, listing.status) == ("item", "offer", "published")
    assert listing.owner == resident

    neighbour = page.context.browser.new_context(base_url=page.url.split("/en/")[0], locale="ja-JP")
    search = neighbour.new_page()
    search.goto("/ja/listings/")
    search.get_by_label("キーワード").fill("ﾉｰﾄﾊﾟｿｺﾝ")
    search.get_by_role("button", name="検索").click()

    results = search.locator(".listing-cards")
    expect(results.get_by_role("link", name="ノートパソコンを譲ります")).to_be_visible()
    results.get_by_role("link", name="ノートパソコンを譲ります").click()
    expect(search.get_by_role("heading", level=1)).to_have_text("ノートパソコンを譲ります")
    assert "少し古いですが" in search.content()
    neighbour.close()
