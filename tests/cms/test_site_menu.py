"""The header menu: the home page's children marked "show in menus", in the page's language."""

import pytest
from bs4 import BeautifulSoup

from cms.models import StandardPage

pytestmark = pytest.mark.django_db


def menu(client, path: str) -> list[tuple[str, str, bool]]:
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    links = soup.find("nav", class_="site-nav").find_all("a")
    return [
        (link.get_text(strip=True), link["href"], link.get("aria-current") == "page")
        for link in links
        if "/accounts/" not in link["href"]
    ]


def test_menu_lists_the_sections_in_japanese(client, demo_site):
    assert menu(client, "/ja/") == [
        ("掲載", "/ja/listings/", False),
        ("コミュニティ", "/ja/communities/", False),
        ("結について", "/ja/about/", False),
        ("くらしのガイド", "/ja/guides/", False),
        ("お知らせ", "/ja/news/", False),
    ]


def test_menu_lists_the_sections_in_english(client, demo_site):
    assert [title for title, _url, _current in menu(client, "/en/")] == [
        "Listings",
        "Communities",
        "About Yui",
        "Guides",
        "News",
    ]


def test_menu_marks_the_section_of_the_current_page(client, demo_site):
    items = menu(client, "/ja/guides/newcomers-guide/")
    assert [title for title, _url, current in items if current] == ["くらしのガイド"]


def test_menu_leaves_out_drafts_and_pages_not_in_menus(client, demo_site):
    demo_site.add_child(instance=StandardPage(title="下書き", slug="draft", live=False))
    hidden = StandardPage(title="規約", slug="terms", show_in_menus=False)
    demo_site.add_child(instance=hidden)
    hidden.save_revision().publish()

    titles = [title for title, _url, _current in menu(client, "/ja/")]

    assert "下書き" not in titles
    assert "規約" not in titles
    assert client.get("/ja/terms/").status_code == 200
