"""Which page type may go where: enforced by the models and by the admin's create view."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from cms.models import (
    GuideIndexPage,
    GuidePage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)

from .admin_forms import add_url

PAGE_MODELS = [HomePage, StandardPage, NewsIndexPage, NewsPage, GuideIndexPage, GuidePage]

# child model -> the parent models it may be created under, given the demo tree
ALLOWED_PARENTS = {
    HomePage: {Page},
    StandardPage: {HomePage, StandardPage},
    NewsIndexPage: set(),  # the home page has its one news index already
    NewsPage: {NewsIndexPage},
    GuideIndexPage: set(),  # likewise its one guide index
    GuidePage: {GuideIndexPage},
}


def demo_parents() -> dict:
    """One Japanese demo page of each type, and the tree root."""
    parents = {
        model: model.objects.filter(locale__language_code="ja").first() for model in PAGE_MODELS
    }
    parents[Page] = Page.get_first_root_node()
    return parents


@pytest.mark.parametrize("child_model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_page_type_can_be_created_only_under_its_allowed_parents(demo_site, child_model):
    parents = demo_parents()

    allowed = {model for model, parent in parents.items() if child_model.can_create_at(parent)}

    assert allowed == ALLOWED_PARENTS[child_model]


def test_second_news_index_is_allowed_only_under_a_home_without_one(demo_site):
    assert not NewsIndexPage.can_create_at(demo_site)

    NewsIndexPage.objects.child_of(demo_site).delete()

    assert NewsIndexPage.can_create_at(demo_site)


@pytest.mark.parametrize(
    ("child_model", "parent_model"),
    [(NewsPage, HomePage), (GuidePage, HomePage), (GuidePage, NewsIndexPage)],
    ids=["news-under-home", "guide-under-home", "guide-under-news-index"],
)
def test_admin_refuses_to_create_a_page_under_the_wrong_parent(
    client, coordinator, demo_site, child_model, parent_model
):
    parent = parent_model.objects.get(locale__language_code="ja")
    client.force_login(coordinator)
    url = add_url(child_model, parent)

    opened = client.get(url)
    posted = client.post(
        url, {"title": "場所違い", "slug": "misplaced", "action-publish": "action-publish"}
    )

    for response in (opened, posted):
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    assert not Page.objects.filter(slug="misplaced").exists()


@pytest.mark.parametrize(
    ("parent_model", "only_child_model"),
    [(HomePage, StandardPage), (NewsIndexPage, NewsPage), (GuideIndexPage, GuidePage)],
    ids=["home", "news-index", "guide-index"],
)
def test_add_subpage_goes_straight_to_the_only_type_allowed_there(
    client, coordinator, demo_site, parent_model, only_child_model
):
    """The home page's indexes exist already, so a standard page is all it can take."""
    parent = parent_model.objects.get(locale__language_code="ja")
    client.force_login(coordinator)

    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))

    assert response.status_code == 302
    assert response.url == add_url(only_child_model, parent)
