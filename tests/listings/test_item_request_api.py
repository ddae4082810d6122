"""GET /api/v1/item-requests/: the signed-in resident's own requests."""

import json

import pytest

from listings.item_requests.services import choose_item_request, request_item
from listings.services import submit_listing
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/item-requests/"


def offer():
    listing = ListingFactory(kind="item")
    return submit_listing(listing=listing, by=listing.owner)


def test_anonymous_callers_get_a_json_403(client):
    response = client.get(URL)
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}


def test_only_my_own_requests_newest_first(client, resident, other_resident):
    first = request_item(listing=offer(), by=resident, message="ください")
    promised = offer()
    second = request_item(listing=promised, by=resident)
    choose_item_request(item_request=second, by=promised.owner)
    request_item(listing=offer(), by=other_resident)
    client.force_login(resident)

    data = client.get(URL).json()

    assert data["count"] == 2
    assert [row["id"] for row in data["results"]] == [second.pk, first.pk]
    chosen, waiting = data["results"]
    assert chosen["status"] == "chosen"
    assert chosen["message_owner_url"].endswith(f"/messages/start/{promised.pk}/")
    assert chosen["listing"]["id"] == promised.pk
    assert chosen["listing"]["url"].endswith(f"/listings/{promised.pk}/")
    assert waiting["status"] == "waiting" and waiting["message"] == "ください"
    assert waiting["message_owner_url"] is None


def test_bad_page_parameters_are_a_json_400(client, resident):
    client.force_login(resident)
    response = client.get(URL, {"page_size": "1000", "page": "x"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"page", "page_size"}
    assert client.get(URL, {"page": 5}).status_code == 404


def test_a_constant_number_of_queries(client, resident, django_assert_max_num_queries):
    client.force_login(resident)
    request_item(listing=offer(), by=resident)
    with django_assert_max_num_queries(6) as few:
        client.get(URL)
    budget = len(few.captured_queries)
    for _ in range(5):
        request_item(listing=offer(), by=resident)
    with django_assert_max_num_queries(budget):
        assert client.get(URL).json()["count"] == 6


def test_it_is_in_the_openapi_schema(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    operation = schema["paths"][URL]["get"]
    assert {"200", "400", "403", "404"} <= set(operation["responses"])
    fields = schema["components"]["schemas"]["ItemRequest"]["properties"]
    assert {"id", "status", "message", "created_at", "listing", "message_owner_url"} <= set(fields)


def test_the_other_users_requests_never_show(client):
    someone = UserFactory()
    request_item(listing=offer(), by=someone)
    client.force_login(UserFactory())
    assert client.get(URL).json() == {"count": 0, "next": None, "previous": None, "results": []}
