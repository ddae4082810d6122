"""Every bad request to the API answers a 4xx with a JSON body in one shape, naming the bad
parameter; never a 500."""

import pytest

from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/listings/"


def errors_of(response, status: int = 400) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["detail"]
    return body["errors"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"page_size": "abc"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "last"}, "page"),
        ({"kind": "car"}, "kind"),
        ({"direction": "sideways"}, "direction"),
        ({"category": "no-such-category"}, "category"),
        ({"language": "klingon-1"}, "language"),
        ({"free": "perhaps"}, "free"),
        ({"q": "あ" * 101}, "q"),
        ({"q": "a\x00b"}, "q"),
        ({"area": "x" * 81}, "area"),
        ({"area": "a\x00b"}, "area"),
        ({"ref": "r" * 101}, "ref"),
        ({"lang": "xx"}, "lang"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, query, parameter):
    errors = errors_of(client.get(LIST, query))

    assert list(errors) == [parameter]
    assert all(isinstance(message, str) and message for message in errors[parameter])


def test_every_bad_parameter_is_named_at_once(client):
    errors = errors_of(client.get(LIST, {"kind": "car", "category": "nope", "page_size": "0"}))

    assert set(errors) == {"kind", "category", "page_size"}


def test_the_messages_say_what_is_wrong_in_the_requested_language(client):
    english = errors_of(client.get(LIST, {"kind": "car"}, HTTP_ACCEPT_LANGUAGE="en"))
    japanese = errors_of(client.get(LIST, {"kind": "car", "page_size": "abc", "lang": "ja"}))

    assert english == {"kind": ["Select a valid choice. car is not one of the available choices."]}
    assert japanese["kind"] == ["正しく選択してください。 car は候補にありません。"]
    assert japanese["page_size"] == ["整数を入力してください。"]


def test_a_page_past_the_last_is_a_404_naming_the_page(client):
    listing = ListingFactory()
    submit_listing(listing=listing, by=listing.owner)

    errors = errors_of(client.get(LIST, {"page": "2"}), status=404)

    assert list(errors) == ["page"]


@pytest.mark.parametrize("path", [f"{LIST}999999/", f"{LIST}abc/", "/api/v1/nothing-here/"])
def test_an_unknown_listing_or_path_is_a_json_404(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    assert errors_of(response, status=404) == {}
    assert response.json()["detail"] == "Not found."


def test_a_path_without_its_final_slash_redirects(client):
    response = client.get("/api/v1/categories?lang=en")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/categories/?lang=en"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, method):
    listing = ListingFactory()
    submit_listing(listing=listing, by=listing.owner)

    for path in (LIST, f"{LIST}{listing.pk}/", "/api/v1/categories/"):
        response = getattr(client, method)(path, {}, content_type="application/json")
        assert errors_of(response, status=405) == {}


def test_a_signed_in_write_without_the_csrf_token_is_a_json_403(resident):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)

    assert errors_of(client.post(LIST, {}, content_type="application/json"), status=403) == {}
