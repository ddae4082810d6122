"""/api/v1/openapi.json: a valid OpenAPI 3 document describing every endpoint and error."""

import json

import pytest
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

SCHEMA = "/api/v1/openapi.json"


@pytest.fixture
def schema(client) -> dict:
    response = client.get(SCHEMA)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return json.loads(response.content)


def test_the_schema_is_valid_openapi_3(schema):
    validate_schema(schema)  # raises on an invalid document

    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Yui API"


def test_it_describes_every_endpoint_and_parameter(schema):
    assert set(schema["paths"]) == {
        "/api/v1/listings/",
        "/api/v1/listings/{id}/",
        "/api/v1/listings/{id}/matches/",
        "/api/v1/categories/",
        "/api/v1/listings/{id}/applications/",
        "/api/v1/applications/",
        "/api/v1/applications/{id}/cancel/",
        "/api/v1/spaces/{id}/availability/",
        "/api/v1/bookings/",
        "/api/v1/item-requests/",
        "/api/v1/communities/",
        "/api/v1/communities/{id}/",
    }
    parameters = {p["name"] for p in schema["paths"]["/api/v1/listings/"]["get"]["parameters"]}
    assert {
        "q",
        "kind",
        "direction",
        "category",
        "area",
        "language",
        "ref",
        "page",
        "page_size",
        "lang",
    } <= parameters


def test_it_documents_the_listing_fields_and_the_error_shape(schema):
    components = schema["components"]["schemas"]
    listing = components["Listing"]["properties"]
    for field in ("id", "ref", "kind", "direction", "title", "description", "category", "tags"):
        assert field in listing
    for field in ("language", "area", "lat", "lon", "url", "created_at"):
        assert field in listing
    assert "space_address" not in listing
    assert set(components["Error"]["properties"]) == {"detail", "errors"}
    list_responses = schema["paths"]["/api/v1/listings/"]["get"]["responses"]
    assert list_responses["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert "404" in schema["paths"]["/api/v1/listings/{id}/"]["get"]["responses"]
