"""GET /api/v1/categories/: the tree, with names in the requested language and counts."""

import pytest

from listings.models import Category
from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

TREE = "/api/v1/categories/"


def published(**fields):
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


@pytest.fixture
def smartphone_lessons():
    return Category.objects.create(
        slug="smartphone-lessons",
        parent=Category.objects.get(slug="digital"),
        names={"ja": "スマホ教室", "en": "Smartphone lessons"},
    )


def nodes(body) -> dict[str, dict]:
    """Every node of the tree by slug."""
    found, stack = {}, list(body["results"])
    while stack:
        node = stack.pop()
        found[node["slug"]] = node
        stack.extend(node["children"])
    return found


def test_the_tree_nests_sub_categories_under_their_parent(client, smartphone_lessons):
    body = client.get(TREE).json()

    top_level = [node["slug"] for node in body["results"]]
    assert top_level[:3] == ["learning", "experience", "consultation"]
    assert "smartphone-lessons" not in top_level
    digital = nodes(body)["digital"]
    assert digital["parent"] is None
    assert digital["children"] == [
        {
            "slug": "smartphone-lessons",
            "name": "スマホ教室",
            "parent": "digital",
            "listing_count": 0,
            "children": [],
        }
    ]


def test_counts_include_sub_categories_and_only_published_listings(client, smartphone_lessons):
    published()
    published(category=smartphone_lessons)
    published(category=smartphone_lessons)
    ListingFactory(category=smartphone_lessons)  # a draft

    found = nodes(client.get(TREE).json())

    assert found["digital"]["listing_count"] == 3
    assert found["smartphone-lessons"]["listing_count"] == 2
    assert found["food"]["listing_count"] == 0


@pytest.mark.parametrize(
    ("headers", "query", "language", "name"),
    [
        ({}, {}, "ja", "IT・スマホ"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, {}, "en", "Digital help"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.8"}, {}, "en", "Digital help"),
        ({"HTTP_ACCEPT_LANGUAGE": "ja"}, {"lang": "en"}, "en", "Digital help"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, {"lang": "ja"}, "ja", "IT・スマホ"),
    ],
)
def test_names_are_in_the_language_asked_for(client, headers, query, language, name):
    response = client.get(TREE, query, **headers)

    assert response.json()["language"] == language
    assert response["Content-Language"] == language
    assert nodes(response.json())["digital"]["name"] == name


def test_a_name_missing_in_a_language_falls_back_to_japanese(client):
    Category.objects.create(slug="local-only", names={"ja": "地域だけ"})

    assert nodes(client.get(TREE, {"lang": "en"}).json())["local-only"]["name"] == "地域だけ"


def test_an_unsupported_language_is_a_400_naming_lang(client):
    response = client.get(TREE, {"lang": "xx"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["lang"]


def test_two_queries_however_many_categories_and_listings(client, django_assert_num_queries):
    parent = Category.objects.get(slug="digital")
    for i in range(10):
        parent = Category.objects.create(slug=f"level-{i}", parent=parent, names={"en": str(i)})
        published(category=parent)

    with django_assert_num_queries(2):
        body = client.get(TREE).json()

    assert nodes(body)["digital"]["listing_count"] == 10
    assert nodes(body)["level-9"]["listing_count"] == 1
