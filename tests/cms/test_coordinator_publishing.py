"""A coordinator edits and publishes pages in the Wagtail admin; a resident is turned away."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import rich_text

from cms.models import GuideIndexPage, GuidePage, HomePage, NewsIndexPage, NewsPage

from .admin_forms import add_url, edit_url, publish_page_form


def ja(model):
    return model.objects.get(locale__language_code="ja")


def public_soup(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def test_coordinator_edits_and_publishes_the_home_page(client, coordinator, demo_site):
    client.force_login(coordinator)

    response = publish_page_form(
        client,
        edit_url(demo_site),
        {
            "title": "結 — となり近所の助け合い",
            "intro": rich_text("<p>新しいごあいさつです。</p>"),
        },
        body=[
            (
                "call_to_action",
                {
                    "title": "夏祭りのボランティア募集",
                    "text": "8月の夏祭りを手伝ってくださる方を募集しています。",
                    "page": "",
                    "url": "/ja/news/",
                    "link_label": "お知らせを見る",
                },
            ),
            ("paragraph", rich_text("<p>窓口は平日に開いています。</p>")),
        ],
    )

    assert response.status_code == 302
    home = HomePage.objects.get(pk=demo_site.pk)
    assert home.title == "結 — となり近所の助け合い"
    assert home.live and not home.has_unpublished_changes
    assert PageLogEntry.objects.filter(
        page=home, action="wagtail.publish", user=coordinator
    ).exists()
    soup = public_soup(client, "/ja/")
    assert [h1.get_text() for h1 in soup.find_all("h1")] == ["結 — となり近所の助け合い"]
    assert "新しいごあいさつです。" in soup.select_one(".lead").get_text()
    cta = soup.select_one("section.cta")
    assert cta.h2.get_text() == "夏祭りのボランティア募集"
    assert cta.a["href"] == "/ja/news/"
    assert "窓口は平日に開いています。" in soup.select_one("main .rich-text").get_text()


def test_coordinator_creates_and_publishes_news_under_the_news_index(
    client, coordinator, demo_site
):
    client.force_login(coordinator)
    news_index = ja(NewsIndexPage)

    response = publish_page_form(
        client,
        add_url(NewsPage, news_index),
        {
            "title": "夏祭りのお知らせ",
            "slug": "summer-festival",
            "date": "2026-12-05",
            "intro": "今年も本町公園で夏祭りを開きます。",
        },
        body=[("paragraph", rich_text("<p>雨天の場合は翌日に延期します。</p>"))],
    )

    assert response.status_code == 302
    news = NewsPage.objects.child_of(news_index).get(slug="summer-festival")
    assert (news.title, news.date, news.owner) == (
        "夏祭りのお知らせ",
        datetime.date(2026, 12, 5),
        coordinator,
    )
    assert news.live and news.locale.language_code == "ja"
    index = public_soup(client, "/ja/news/")
    assert index.select_one(".card a").get_text() == "夏祭りのお知らせ"  # the newest comes first
    page = public_soup(client, "/ja/news/summer-festival/")
    assert page.h1.get_text() == "夏祭りのお知らせ"
    assert "雨天の場合は翌日に延期します。" in page.article.get_text()


def test_coordinator_creates_and_publishes_a_guide_under_the_guide_index(
    client, coordinator, demo_site
):
    client.force_login(coordinator)
    guide_index = ja(GuideIndexPage)

    response = publish_page_form(
        client,
        add_url(GuidePage, guide_index),
        {"title": "ごみの出し方", "slug": "rubbish", "intro": "分別と収集日の案内です。"},
        body=[
            ("heading", {"text": "燃えるごみ", "level": "h2"}),
            ("paragraph", rich_text("<p>月曜日と木曜日に出してください。</p>")),
        ],
    )

    assert response.status_code == 302
    guide = GuidePage.objects.child_of(guide_index).get(slug="rubbish")
    assert guide.live and guide.owner == coordinator
    index_titles = [a.get_text() for a in public_soup(client, "/ja/guides/").select(".card a")]
    assert "ごみの出し方" in index_titles
    home_guides = public_soup(client, "/ja/").find(attrs={"aria-labelledby": "home-guides"})
    assert "ごみの出し方" in home_guides.get_text()
    page = public_soup(client, "/ja/guides/rubbish/")
    assert [h2.get_text() for h2 in page.article.find_all("h2")] == ["燃えるごみ"]


ADMIN_REQUESTS = {
    "open the home page editor": ("get", lambda: edit_url(ja(HomePage)), {}),
    "publish the home page": (
        "post",
        lambda: edit_url(ja(HomePage)),
        {"title": "乗っ取り", "slug": "yui", "action-publish": "action-publish"},
    ),
    "open the news form": ("get", lambda: add_url(NewsPage, ja(NewsIndexPage)), {}),
    "publish news": (
        "post",
        lambda: add_url(NewsPage, ja(NewsIndexPage)),
        {"title": "偽のお知らせ", "slug": "fake", "action-publish": "action-publish"},
    ),
    "open the page explorer": ("get", lambda: reverse("wagtailadmin_explore_root"), {}),
}


@pytest.mark.parametrize("request_name", ADMIN_REQUESTS)
def test_resident_is_refused_by_the_page_admin(client, resident, demo_site, request_name):
    method, url, data = ADMIN_REQUESTS[request_name]
    client.force_login(resident)

    response = getattr(client, method)(url(), data)

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    assert HomePage.objects.get(pk=demo_site.pk).title == demo_site.title
    assert not NewsPage.objects.filter(slug="fake").exists()
