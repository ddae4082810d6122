"""A coordinator translates a Japanese page into English, then publishes the English copy."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import rich_text

from cms.models import NewsIndexPage, NewsPage

from .admin_forms import add_url, edit_url, publish_page_form


def translate_url(page) -> str:
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


@pytest.fixture
def japanese_news(client, coordinator, demo_site):
    """News the coordinator has just published in Japanese through the admin."""
    client.force_login(coordinator)
    news_index = NewsIndexPage.objects.get(locale__language_code="ja")
    response = publish_page_form(
        client,
        add_url(NewsPage, news_index),
        {"title": "防災訓練のお知らせ", "slug": "drill", "date": "2026-12-10", "intro": "訓練"},
        body=[("paragraph", rich_text("<p>本町小学校に集まってください。</p>"))],
    )
    assert response.status_code == 302
    return NewsPage.objects.child_of(news_index).get(slug="drill")


def test_coordinator_translates_news_into_english_and_publishes_it(
    client, coordinator, japanese_news
):
    english = Locale.objects.get(language_code="en")
    form_page = BeautifulSoup(client.get(translate_url(japanese_news)).content, "html.parser")
    english_choice = form_page.find("input", attrs={"name": "locales", "value": str(english.pk)})
    assert english_choice is not None and not english_choice.has_attr("disabled")

    response = client.post(translate_url(japanese_news), {"locales": [english.pk]})

    english_news = japanese_news.get_translation(english).specific
    assert response.status_code == 302
    assert response.url == edit_url(english_news)
    assert english_news.translation_key == japanese_news.translation_key
    assert english_news.get_parent().specific == NewsIndexPage.objects.get(locale=english)
    assert not english_news.live  # a draft copy of the Japanese text, until it is translated
    assert client.get("/en/news/drill/").status_code == 404

    response = publish_page_form(
        client,
        edit_url(english_news),
        {"title": "Disaster drill", "intro": "A drill for everyone in Honmachi."},
        body=[("paragraph", rich_text("<p>Meet at Honmachi Elementary School.</p>"))],
    )

    assert response.status_code == 302
    english_page = BeautifulSoup(client.get("/en/news/drill/").content, "html.parser")
    assert english_page.html["lang"] == "en"
    assert [h1.get_text() for h1 in english_page.find_all("h1")] == ["Disaster drill"]
    assert "Meet at Honmachi Elementary School." in english_page.article.get_text()
    english_index = BeautifulSoup(client.get("/en/news/").content, "html.parser")
    assert english_index.select_one(".card a").get_text() == "Disaster drill"
    japanese_page = BeautifulSoup(client.get("/ja/news/drill/").content, "html.parser")
    assert japanese_page.h1.get_text() == "防災訓練のお知らせ"


def test_translate_form_offers_no_locale_the_page_already_has(client, coordinator, demo_site):
    client.force_login(coordinator)

    response = client.get(translate_url(demo_site))

    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert soup.find_all("input", attrs={"name": "locales"}) == []


def test_resident_cannot_translate_a_page(client, resident, japanese_news):
    english = Locale.objects.get(language_code="en")
    client.force_login(resident)

    response = client.post(translate_url(japanese_news), {"locales": [english.pk]})

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    assert japanese_news.get_translation_or_none(english) is None
