"""The organiser exports the applicants as CSV and Excel, the answers as columns."""

import csv
import io

import pytest
from openpyxl import load_workbook

from listings.applications.services import (
    apply_to_activity,
    cancel_application,
    configure_applications,
)
from listings.models import ApprovalMode, QuestionKind
from tests.factories import UserFactory
from tests.listings.application_fixtures import activity

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"text": "人数", "kind": QuestionKind.CHOICE, "options": ["1人", "2人"], "required": True},
    {"text": "アレルギー", "kind": QuestionKind.TEXT},
]


@pytest.fixture
def activity_with_answers():
    listing = activity(approval_mode=ApprovalMode.FIRST_COME, questions=QUESTIONS)
    size, allergy = listing.application_settings.questions.all()
    hanako = UserFactory(profile__display_name="はなこ", email="hanako@example.jp")
    minh = UserFactory(profile__display_name="Minh", email="minh@example.jp")
    apply_to_activity(
        listing_id=listing.pk, applicant=hanako, answers={size.pk: "2人", allergy.pk: "=卵"}
    )
    cancelled = apply_to_activity(listing_id=listing.pk, applicant=minh, answers={size.pk: "1人"})
    cancel_application(application_id=cancelled.pk, by=minh)
    return listing


def test_csv_has_the_answers_as_columns(client, activity_with_answers):
    client.force_login(activity_with_answers.owner)

    response = client.get(f"/en/listings/{activity_with_answers.pk}/applications/export.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == [
        "Name",
        "E-mail",
        "Status",
        "Applied at",
        "Decided at",
        "Cancelled at",
        "Message from the organiser",
        "人数",
        "アレルギー",
    ]
    assert rows[1][:3] == ["はなこ", "hanako@example.jp", "Confirmed"]
    assert rows[1][7:] == ["2人", "'=卵"]  # a formula-looking answer stays text
    assert rows[2][:3] == ["Minh", "minh@example.jp", "Cancelled"]
    assert rows[2][5] != "" and rows[2][7:] == ["1人", ""]


def test_xlsx_has_the_same_table(client, activity_with_answers):
    client.force_login(activity_with_answers.owner)

    response = client.get(f"/en/listings/{activity_with_answers.pk}/applications/export.xlsx")

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert rows[0][7:] == ["人数", "アレルギー"]
    assert rows[1][0] == "はなこ" and rows[1][7:] == ["2人", "'=卵"]
    assert rows[2][2] == "Cancelled"


def test_a_removed_questions_answers_stay_in_the_export(client, activity_with_answers):
    listing = activity_with_answers
    configure_applications(listing=listing, by=listing.owner, capacity=10, questions=[QUESTIONS[0]])
    client.force_login(listing.owner)

    response = client.get(f"/en/listings/{listing.pk}/applications/export.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0][7:] == ["人数", "アレルギー"]
    assert rows[1][7:] == ["2人", "'=卵"]


def test_an_unknown_format_is_not_found(client, activity_with_answers):
    client.force_login(activity_with_answers.owner)

    response = client.get(f"/en/listings/{activity_with_answers.pk}/applications/export.pdf")

    assert response.status_code == 404
