"""The organiser's settings page: seats, deadline, cutoff, approval, questions (fixed rows,
no JavaScript); errors next to the field with what was typed kept, nothing written."""

import datetime

import pytest
from django.utils import timezone

from listings.models import ApplicationSettings, QuestionKind
from listings.services import submit_listing
from tests.accounts.markup import field_errors, parse
from tests.factories import CoordinatorFactory, ListingFactory
from tests.listings.application_fixtures import activity, settings_url

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    data = {
        "is_open": "on",
        "capacity": "12",
        "approval_mode": "approval",
        "deadline": "",
        "cancellation_cutoff_hours": "48",
        "q-TOTAL_FORMS": "5",
        "q-INITIAL_FORMS": "0",
        **{f"q-{i}-kind": "text" for i in range(5)},
    }
    data.update(overrides)
    return data


@pytest.fixture
def new_activity():
    listing = ListingFactory(kind="activity", activity_capacity=20)
    submit_listing(listing=listing, by=listing.owner)
    return listing


def test_the_form_starts_with_the_activitys_places(client, new_activity):
    client.force_login(new_activity.owner)

    page = parse(client.get(settings_url(new_activity)))

    assert page.find("input", attrs={"name": "capacity"})["value"] == "20"
    assert len(page.select("[data-question-row]")) == 5
    assert page.find("label", string="Question") is not None


def test_saving_settings_and_questions(client, new_activity):
    client.force_login(new_activity.owner)

    response = client.post(
        settings_url(new_activity),
        form_data(
            deadline="2030-05-01T18:00",
            **{
                "q-0-text": "参加人数",
                "q-0-kind": "choice",
                "q-0-options": "1人\n2人\n\n3人以上",
                "q-0-required": "on",
                "q-2-text": "アレルギーはありますか",
            },
        ),
    )

    assert response["Location"] == f"/en/listings/{new_activity.pk}/applications/"
    saved = ApplicationSettings.objects.get(listing=new_activity)
    assert (saved.capacity, saved.approval_mode, saved.cancellation_cutoff_hours) == (
        12,
        "approval",
        48,
    )
    assert saved.deadline.isoformat() == "2030-05-01T09:00:00+00:00"  # 18:00 in Tokyo
    questions = [(q.text, q.kind, q.options, q.required) for q in saved.questions.all()]
    assert questions == [
        ("参加人数", QuestionKind.CHOICE, ["1人", "2人", "3人以上"], True),
        ("アレルギーはありますか", QuestionKind.TEXT, [], False),
    ]


def test_editing_keeps_question_ids_and_removes_emptied_rows(client):
    listing = activity(questions=[{"text": "一"}, {"text": "二"}])
    first, _second = listing.application_settings.questions.all()
    client.force_login(listing.owner)

    page = parse(client.get(settings_url(listing)))
    assert page.find("input", attrs={"name": "q-1-text"})["value"] == "二"
    client.post(settings_url(listing), form_data(**{"q-0-text": "一（改）"}))

    (only,) = listing.application_settings.questions.all()
    assert (only.pk, only.text) == (first.pk, "一（改）")


@pytest.mark.parametrize(
    ("field", "overrides", "error"),
    [
        ("capacity", {"capacity": "0"}, "Ensure this value is greater than or equal to 1."),
        ("q-0-options", {"q-0-text": "色", "q-0-kind": "choice", "q-0-options": "赤"}, None),
    ],
)
def test_bad_input_is_shown_next_to_the_field(client, new_activity, field, overrides, error):
    client.force_login(new_activity.owner)

    response = client.post(settings_url(new_activity), form_data(**overrides))

    assert response.status_code == 200
    errors = field_errors(response, field)
    assert errors == [error or "Give at least two options, one per line."]
    assert not ApplicationSettings.objects.exists()
    for name, value in overrides.items():
        control = parse(response).find(attrs={"name": name})
        if control.name == "select":
            assert control.find("option", selected=True)["value"] == value
        else:
            assert value in (control.get("value") or control.get_text())


def test_a_deadline_after_the_start_is_refused(client):
    listing = activity()
    starts = listing.activity_starts_at
    client.force_login(listing.owner)
    late = timezone.localtime(starts + datetime.timedelta(days=1))

    response = client.post(
        settings_url(listing), form_data(deadline=late.strftime("%Y-%m-%dT%H:%M"))
    )

    assert field_errors(response, "deadline") == [
        "The deadline must be before the activity starts."
    ]
    assert ApplicationSettings.objects.get(listing=listing).deadline is None


def test_only_activities_take_applications(client):
    listing = ListingFactory(kind="item")
    client.force_login(listing.owner)

    assert client.get(settings_url(listing)).status_code == 404


def test_any_coordinator_may_set_them(client, new_activity):
    client.force_login(CoordinatorFactory())

    client.post(settings_url(new_activity), form_data())

    assert ApplicationSettings.objects.get(listing=new_activity).capacity == 12


def test_another_resident_may_not(client, new_activity, other_resident):
    client.force_login(other_resident)

    assert client.get(settings_url(new_activity)).status_code == 403
    assert client.post(settings_url(new_activity), form_data()).status_code == 403
    assert not ApplicationSettings.objects.exists()
