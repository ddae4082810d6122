"""Coordinators edit the category tree in the admin, with a name in every site language."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from listings.models import Category, Listing
from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_listings_category:list"
ADD_URL = "wagtailsnippets_listings_category:add"
EDIT_URL = "wagtailsnippets_listings_category:edit"
DELETE_URL = "wagtailsnippets_listings_category:delete"


def form_data(client, url):
    return querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")


def add_category(client, **fields):
    data = form_data(client, reverse(ADD_URL))
    data.update(fields)
    return client.post(reverse(ADD_URL), data, HTTP_ACCEPT_LANGUAGE="en")


def edit_category(client, category, **fields):
    url = reverse(EDIT_URL, args=[category.pk])
    data = form_data(client, url)
    data.update(fields)
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def test_the_form_has_a_labelled_name_field_per_site_language(client, coordinator):
    client.force_login(coordinator)
    soup = BeautifulSoup(
        client.get(reverse(ADD_URL), HTTP_ACCEPT_LANGUAGE="en").content, "html.parser"
    )

    labels = [
        soup.select_one(f'label[for="id_{name}"]').get_text(" ", strip=True)
        for name in ("name_ja", "name_en")
    ]

    assert "(日本語)" in labels[0]
    assert "(English)" in labels[1]


def test_coordinator_adds_a_sub_category_with_names_in_every_language(client, coordinator):
    languages = Category.objects.get(slug="languages")
    client.force_login(coordinator)

    response = add_category(
        client,
        name_ja="手話",
        name_en="Sign language",
        slug="sign-language",
        parent=str(languages.pk),
        position="3",
    )

    assert response.status_code == 302
    category = Category.objects.get(slug="sign-language")
    assert category.names == {"ja": "手話", "en": "Sign language"}
    assert (category.parent, category.position) == (languages, 3)


def test_the_japanese_name_is_required(client, coordinator):
    client.force_login(coordinator)

    response = add_category(client, name_ja="", name_en="Knitting", slug="knitting")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one("#id_name_ja").find_parent(class_="w-field")
    assert "w-field--error" in field["class"]
    assert "This field is required." in field.get_text()
    assert not Category.objects.filter(slug="knitting").exists()


def test_a_category_cannot_be_moved_inside_its_own_sub_category(client, coordinator):
    parent = Category.objects.get(slug="hobbies")
    child = Category.objects.create(slug="go", names={"ja": "囲碁"}, parent=parent)
    grandchild = Category.objects.create(slug="go-kids", names={"ja": "子ども囲碁"}, parent=child)
    client.force_login(coordinator)
    soup = BeautifulSoup(client.get(reverse(EDIT_URL, args=[parent.pk])).content, "html.parser")
    offered = {option["value"] for option in soup.select("select[name=parent] option")}
    assert str(Category.objects.get(slug="food").pk) in offered
    assert not offered & {str(parent.pk), str(child.pk), str(grandchild.pk)}

    for new_parent in (parent, grandchild):
        response = edit_category(client, parent, parent=str(new_parent.pk))
        assert response.status_code == 200
        assert (
            "cannot be inside itself or one of its own sub-categories" in response.content.decode()
        )

    assert Category.objects.get(pk=parent.pk).parent is None


def test_the_slug_cannot_be_changed_once_set(client, coordinator):
    client.force_login(coordinator)
    food = Category.objects.get(slug="food")

    edit_category(client, food, slug="cooking", name_en="Food and cooking")

    food.refresh_from_db()
    assert food.slug == "food"
    assert food.names["en"] == "Food and cooking"


def test_renaming_a_category_reindexes_its_listings(
    client, coordinator, django_capture_on_commit_callbacks
):
    food = Category.objects.get(slug="food")
    listing = submit_listing(
        listing=(owner_listing := ListingFactory(title="手作りパンの会", category=food)),
        by=owner_listing.owner,
    )
    assert not Listing.objects.search("bakery").exists()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):  # the re-index task runs on commit
        assert edit_category(client, food, name_en="Food and bakery").status_code == 302

    assert list(Listing.objects.search("bakery")) == [listing]


def test_a_category_with_listings_cannot_be_deleted(client, coordinator):
    digital = Category.objects.get(slug="digital")
    ListingFactory(category=digital)
    client.force_login(coordinator)
    url = reverse(DELETE_URL, args=[digital.pk])

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(url, follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 200
    assert "1 listing is in it" in page.content.decode()
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert Category.objects.filter(pk=digital.pk).exists()


def test_a_category_with_sub_categories_cannot_be_deleted(client, coordinator):
    parent = Category.objects.create(slug="crafts", names={"ja": "手芸"})
    Category.objects.create(slug="knitting", names={"ja": "編み物"}, parent=parent)
    client.force_login(coordinator)

    client.post(reverse(DELETE_URL, args=[parent.pk]))

    assert Category.objects.filter(pk=parent.pk).exists()


def test_an_unused_category_is_deleted(client, coordinator):
    unused = Category.objects.create(slug="unused", names={"ja": "未使用"})
    client.force_login(coordinator)

    assert client.post(reverse(DELETE_URL, args=[unused.pk])).status_code == 302
    assert not Category.objects.filter(pk=unused.pk).exists()


def test_the_list_shows_the_tree(client, coordinator):
    hobbies = Category.objects.get(slug="hobbies")
    Category.objects.create(slug="go", names={"ja": "囲碁", "en": "Go"}, parent=hobbies)
    client.force_login(coordinator)

    soup = BeautifulSoup(
        client.get(reverse(LIST_URL), HTTP_ACCEPT_LANGUAGE="en").content, "html.parser"
    )

    names = [span.get_text(strip=True) for span in soup.select("td.title span[id$=_title]")]
    position = names.index("Hobbies")
    assert names[position + 1].startswith("— Go")
    assert len(names) == Category.objects.count()


def test_residents_are_refused(client, resident):
    food = Category.objects.get(slug="food")
    client.force_login(resident)

    for url in (reverse(LIST_URL), reverse(ADD_URL), reverse(EDIT_URL, args=[food.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.post(reverse(EDIT_URL, args=[food.pk]), {"name_ja": "乗っ取り", "slug": "food"})
    client.post(reverse(DELETE_URL, args=[Category.objects.get(slug="goods-other").pk]))

    assert Category.objects.get(pk=food.pk).names["ja"] == "食・料理"
    assert Category.objects.filter(slug="goods-other").exists()
