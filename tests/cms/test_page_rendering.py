"""The demo pages as a visitor sees them at their /ja/ and /en/ addresses."""

import datetime

import pytest
from bs4 import BeautifulSoup

from cms import demo
from cms.models import NewsIndexPage, NewsPage

LAUNCH, SMARTPHONE_HELP = demo.NEWS

PAGES = [
    ("", demo.HOME),
    ("about/", demo.ABOUT),
    ("guides/", demo.GUIDES),
    ("guides/newcomers-guide/", demo.NEWCOMER_GUIDE),
    ("news/", demo.NEWS_INDEX),
    ("news/launch/", LAUNCH),
    ("news/smartphone-help-december/", SMARTPHONE_HELP),
]


def page_soup(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def card_titles(container) -> list[str]:
    return [link.get_text(strip=True) for link in container.select(".card a")]


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(("path", "content"), PAGES, ids=[path or "home" for path, _ in PAGES])
def test_demo_page_renders_its_title_as_the_single_h1_in_its_language(
    client, demo_site, language, path, content
):
    soup = page_soup(client, f"/{language}/{path}")

    assert soup.html["lang"] == language
    assert [h1.get_text(strip=True) for h1 in soup.find_all("h1")] == [content[language]["title"]]
    assert soup.title.get_text().startswith(content[language]["title"])


@pytest.mark.parametrize("language", ["ja", "en"])
def test_footer_shows_the_office_contact_from_site_settings(client, demo_site, language):
    footer = page_soup(client, f"/{language}/about/").find("footer")

    address = footer.find("address").get_text(" ", strip=True)
    assert "市民協働プラザ（ふれあいセンター2階）" in address
    assert "〒000-0000 本町1-2-3" in address
    assert "平日 9:00〜17:00" in address
    assert footer.find("a", href="tel:0000000000").get_text() == "0000-00-0000"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_news_index_lists_news_newest_first(client, demo_site, language):
    soup = page_soup(client, f"/{language}/news/")

    assert card_titles(soup) == [SMARTPHONE_HELP[language]["title"], LAUNCH[language]["title"]]
    assert soup.select_one(".card a")["href"] == f"/{language}/news/smartphone-help-december/"
    assert soup.select_one(".card time")["datetime"] == "2026-11-20"


def test_news_index_leaves_out_unpublished_news(client, demo_site):
    NewsPage.objects.get(locale__language_code="ja", slug="launch").unpublish()

    soup = page_soup(client, "/ja/news/")

    assert card_titles(soup) == [SMARTPHONE_HELP["ja"]["title"]]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_guide_index_lists_the_newcomers_guide(client, demo_site, language):
    soup = page_soup(client, f"/{language}/guides/")

    assert card_titles(soup) == [demo.NEWCOMER_GUIDE[language]["title"]]
    assert soup.select_one(".card a")["href"] == f"/{language}/guides/newcomers-guide/"


@pytest.mark.parametrize(("language", "other"), [("ja", "en"), ("en", "ja")])
def test_home_shows_latest_news_and_guides_of_its_own_language(client, demo_site, language, other):
    soup = page_soup(client, f"/{language}/")

    news = soup.find("section", attrs={"aria-labelledby": "home-news"})
    guides = soup.find("section", attrs={"aria-labelledby": "home-guides"})
    assert card_titles(news) == [SMARTPHONE_HELP[language]["title"], LAUNCH[language]["title"]]
    assert card_titles(guides) == [demo.NEWCOMER_GUIDE[language]["title"]]
    assert SMARTPHONE_HELP[other]["title"] not in soup.get_text()


def _add_news(count: int) -> None:
    news_index = NewsIndexPage.objects.get(locale__language_code="ja")
    for number in range(count):
        item = NewsPage(
            title=f"お知らせ {number}",
            slug=f"extra-{number}",
            date=datetime.date(2026, 10, 1 + number),
            intro="追加のお知らせです。",
        )
        news_index.add_child(instance=item)
        item.save_revision().publish()


def test_news_index_query_count_does_not_grow_with_the_news(
    client, demo_site, django_assert_max_num_queries
):
    _add_news(4)

    with django_assert_max_num_queries(15):  # 13, plus 2 for the site menu
        soup = page_soup(client, "/ja/news/")

    assert len(card_titles(soup)) == 6


def test_home_query_count_stays_small(client, demo_site, django_assert_max_num_queries):
    _add_news(4)

    with django_assert_max_num_queries(15):  # 13, plus 2 for the site menu
        soup = page_soup(client, "/ja/")

    news = soup.find("section", attrs={"aria-labelledby": "home-news"})
    assert len(card_titles(news)) == 3  # the latest three only
