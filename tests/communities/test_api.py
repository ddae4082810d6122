"""GET /api/v1/communities/: anonymous, filters, pagination, errors, schema, query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.models import Community, CommunityKind
from listings.models import Category

pytestmark = pytest.mark.django_db
URL = "/api/v1/communities/"


@pytest.fixture
def communities(make_community, organiser):
    newcomers = Category.objects.get(slug="newcomers")
    return [
        make_community(by=organiser),
        make_community(
            by=organiser,
            name="ベトナム人コミュニティ",
            kind=CommunityKind.NEWCOMER,
            category=newcomers,
            area="駅前",
            languages=["vi", "ja"],
        ),
    ]


def test_anonymous_list_with_count_and_results(client, communities):
    Community.objects.filter(pk=communities[0].pk).update(hidden=True)
    body = client.get(URL).json()
    assert body["count"] == 1
    (item,) = body["results"]
    assert item["name"] == "ベトナム人コミュニティ"
    assert item["category"] == "newcomers" and item["languages"] == ["vi", "ja"]
    assert item["member_count"] == 1
    assert item["url"].endswith(f"/communities/{communities[1].pk}/")
    assert "members" not in item and "conversation" not in item


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "ベトナム"}, ["ベトナム人コミュニティ"]),
        ({"kind": "circle"}, ["城東子育てサークル"]),
        ({"category": "childcare"}, ["城東子育てサークル"]),
        ({"area": "駅前"}, ["ベトナム人コミュニティ"]),
        ({"language": "vi"}, ["ベトナム人コミュニティ"]),
    ],
)
def test_filters(client, communities, params, expected):
    body = client.get(URL, params).json()
    assert [item["name"] for item in body["results"]] == expected


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "club"},
        {"category": "no-such-slug"},
        {"language": "日本語"},
        {"page_size": "1000"},
        {"page": "zero"},
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, communities, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"} and set(params) <= set(body["errors"])


def test_a_page_past_the_end_is_a_json_404(client, communities):
    response = client.get(URL, {"page": 5})
    assert response.status_code == 404 and response.json()["errors"]["page"]


def test_one_community_and_a_hidden_one_404s(client, communities):
    assert client.get(f"{URL}{communities[1].pk}/").json()["name"] == "ベトナム人コミュニティ"
    Community.objects.filter(pk=communities[1].pk).update(hidden=True)
    assert client.get(f"{URL}{communities[1].pk}/").status_code == 404


def test_a_fixed_number_of_queries_whatever_the_page_size(client, make_community, organiser):
    for i in range(2):
        make_community(by=organiser, name=f"サークル{i}")
    client.get(URL, {"q": "サークル"})
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "サークル"})
    for i in range(2, 10):
        make_community(by=organiser, name=f"サークル{i}")
    with CaptureQueriesContext(connection) as many:
        body = client.get(URL, {"q": "サークル", "page_size": 50}).json()
    assert body["count"] == 10
    assert len(many) == len(few) <= 6


def test_documented_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/communities/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "kind", "category", "area", "language", "page", "page_size"} <= names
    assert "400" in operation["responses"]
    assert "/api/v1/communities/{id}/" in schema["paths"]
