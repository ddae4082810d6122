"""The applications API: the signed-in resident's list (paginated, constant queries), apply
and cancel through the same services, 4xx JSON errors, and the schema describing it."""

import json

import pytest
from drf_spectacular.validation import validate_schema

from listings.applications.services import apply_to_activity
from listings.models import Application, ApprovalMode, QuestionKind
from tests.factories import ListingFactory
from tests.listings.application_fixtures import activity

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/applications/"


def apply_url(listing) -> str:
    return f"/api/v1/listings/{listing.pk}/applications/"


def post(client, url, body=None):
    return client.post(
        url, json.dumps(body or {}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_anonymous_callers_get_a_json_refusal(client):
    response = client.get(LIST_URL)

    assert response.status_code in (401, 403)
    assert set(response.json()) == {"detail", "errors"}
    assert post(client, apply_url(activity())).status_code in (401, 403)
    assert not Application.objects.exists()


def test_the_list_holds_my_applications_newest_first(client, resident, other_resident):
    older, newer = activity(), activity(approval_mode=ApprovalMode.APPROVAL)
    first = apply_to_activity(listing_id=older.pk, applicant=resident)
    second = apply_to_activity(listing_id=newer.pk, applicant=resident)
    apply_to_activity(listing_id=older.pk, applicant=other_resident)
    client.force_login(resident)

    body = client.get(LIST_URL).json()

    assert body["count"] == 2
    assert [item["id"] for item in body["results"]] == [second.pk, first.pk]
    item = body["results"][1]
    assert item["status"] == "confirmed"
    assert item["activity"]["title"] == "やさしい日本語教室"
    assert item["activity"]["url"].endswith(f"/listings/{older.pk}/")
    assert item["can_cancel"] is True and item["cancel_until"]
    assert client.get(LIST_URL, {"status": "applied"}).json()["count"] == 1


def test_bad_parameters_are_400_naming_them(client, resident):
    client.force_login(resident)

    response = client.get(LIST_URL, {"page_size": "1000", "status": "lost"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"page_size", "status"}
    assert client.get(LIST_URL, {"page": "9"}).status_code == 404


def test_the_list_asks_a_constant_number_of_queries(
    client, resident, django_assert_max_num_queries
):
    for _ in range(3):
        apply_to_activity(listing_id=activity().pk, applicant=resident)
    client.force_login(resident)
    # the session, the user, the count and the page of applications with their settings
    with django_assert_max_num_queries(4) as few:
        client.get(LIST_URL)
    baseline = len(few)
    for _ in range(6):
        apply_to_activity(listing_id=activity().pk, applicant=resident)
    with django_assert_max_num_queries(baseline):
        assert len(client.get(LIST_URL).json()["results"]) == 9


def test_applying_answers_201_with_the_status(client, resident):
    listing = activity(
        questions=[{"text": "人数", "kind": QuestionKind.CHOICE, "options": ["1", "2"]}]
    )
    question = listing.application_settings.questions.get()
    client.force_login(resident)

    response = post(client, apply_url(listing), {"answers": {str(question.pk): "2"}})

    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    assert response.json()["answers"] == [{"question": question.pk, "text": "人数", "answer": "2"}]


def test_applying_refusals_are_400_and_write_nothing(client, resident):
    listing = activity(questions=[{"text": "人数", "required": True}])
    question = listing.application_settings.questions.get()
    client.force_login(resident)

    missing = post(client, apply_url(listing), {"answers": {}})
    assert missing.status_code == 400
    assert missing.json()["errors"] == {f"question_{question.pk}": ["Please answer this question."]}
    assert post(client, apply_url(listing), {"answers": {"x": "1"}}).status_code == 400
    assert not Application.objects.exists()

    post(client, apply_url(listing), {"answers": {str(question.pk): "2"}})
    twice = post(client, apply_url(listing), {"answers": {str(question.pk): "2"}})
    assert twice.status_code == 400
    assert twice.json()["errors"] == {
        "non_field_errors": ["You have already applied to this activity."]
    }
    assert Application.objects.count() == 1


def test_an_unseen_listing_is_404(client, resident):
    client.force_login(resident)

    assert post(client, apply_url(ListingFactory(kind="activity"))).status_code == 404
    assert post(client, "/api/v1/listings/999999/applications/").status_code == 404


def test_cancelling_through_the_api(client, resident, other_resident):
    listing = activity()
    application = apply_to_activity(listing_id=listing.pk, applicant=resident)
    url = f"/api/v1/applications/{application.pk}/cancel/"

    client.force_login(other_resident)
    assert post(client, url).status_code == 404
    client.force_login(resident)
    response = post(client, url)
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    again = post(client, url)
    assert again.status_code == 400 and again.json()["detail"]


def test_the_schema_documents_the_endpoints(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)

    validate_schema(schema)
    assert "get" in schema["paths"]["/api/v1/applications/"]
    assert "post" in schema["paths"]["/api/v1/listings/{id}/applications/"]
    assert "post" in schema["paths"]["/api/v1/applications/{id}/cancel/"]
