"""The organiser's list of applicants and decisions: confirm, waitlist, decline with a
message; refusal when full; and nobody else may see or decide (403/404)."""

import pytest
from django.core import mail

from accounts.models import Notification, NotificationKind
from listings.applications.services import (
    apply_to_activity,
    confirm_application,
    decline_application,
)
from listings.models import Application, ApplicationStatus, ApprovalMode, QuestionKind
from tests.accounts.markup import parse
from tests.factories import CoordinatorFactory, ListingFactory, ProxyResidentFactory
from tests.listings.application_fixtures import activity, applicants_url, residents

pytestmark = pytest.mark.django_db


def decide_url(application) -> str:
    return f"/en/listings/applications/{application.pk}/decide/"


def news_for(user) -> Notification:
    return Notification.objects.filter(recipient=user, kind=NotificationKind.APPLICATION).latest(
        "pk"
    )


@pytest.fixture
def approval_activity():
    return activity(
        capacity=1,
        approval_mode=ApprovalMode.APPROVAL,
        questions=[{"text": "好きな食べ物は？", "kind": QuestionKind.TEXT}],
    )


def test_the_organiser_sees_name_status_answers_and_when(client, approval_activity, resident):
    question = approval_activity.application_settings.questions.get()
    application = apply_to_activity(
        listing_id=approval_activity.pk, applicant=resident, answers={question.pk: "おにぎり"}
    )
    client.force_login(approval_activity.owner)

    card = parse(client.get(applicants_url(approval_activity))).find(
        id=f"application-{application.pk}"
    )

    text = card.get_text(" ", strip=True)
    assert "はなこ" in text
    assert "Applied: waiting for the organiser" in text
    assert "好きな食べ物は？ おにぎり" in text
    assert card.find("time") is not None


def test_confirming_an_application(
    client, approval_activity, resident, django_capture_on_commit_callbacks
):
    application = apply_to_activity(listing_id=approval_activity.pk, applicant=resident)
    client.force_login(approval_activity.owner)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(application), {"action": "confirm"})

    assert response["Location"].endswith(f"#application-{application.pk}")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONFIRMED
    assert news_for(resident).data["event"] == "confirmed"
    assert [message.to for message in mail.outbox] == [[resident.email]]


def test_confirming_is_refused_when_full_and_waitlisting_is_offered(client, approval_activity):
    first, second = residents(2)
    seated = apply_to_activity(listing_id=approval_activity.pk, applicant=first)
    waiting = apply_to_activity(listing_id=approval_activity.pk, applicant=second)
    confirm_application(application_id=seated.pk, by=approval_activity.owner)
    client.force_login(approval_activity.owner)

    response = client.post(decide_url(waiting), {"action": "confirm"}, follow=True)

    assert "All 1 seats are taken. Put the application on the waiting list" in (
        response.content.decode()
    )
    waiting.refresh_from_db()
    assert waiting.status == ApplicationStatus.APPLIED
    card = parse(response).find(id=f"application-{waiting.pk}")
    assert card.find("input", attrs={"name": "action", "value": "waitlist"}) is not None

    client.post(decide_url(waiting), {"action": "waitlist"})
    waiting.refresh_from_db()
    assert waiting.status == ApplicationStatus.WAITLISTED
    assert news_for(second).data["event"] == "waitlisted"


def test_declining_with_a_message(client, approval_activity, resident):
    application = apply_to_activity(listing_id=approval_activity.pk, applicant=resident)
    client.force_login(approval_activity.owner)

    client.post(decide_url(application), {"action": "decline", "message": "定員になりました。"})

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert application.message == "定員になりました。"
    news = news_for(resident)
    assert news.data == {
        "event": "declined",
        "application": application.pk,
        "message": "定員になりました。",
    }
    client.force_login(resident)
    page = client.get("/en/accounts/notifications/").content.decode()
    assert "Your application to “やさしい日本語教室” was declined." in page
    assert "定員になりました。" in page


def test_declining_a_confirmed_place_promotes_the_waiting_list():
    listing = activity(capacity=1)
    seated, waiting = residents(2)
    seat = apply_to_activity(listing_id=listing.pk, applicant=seated)
    next_in_line = apply_to_activity(listing_id=listing.pk, applicant=waiting)

    decline_application(application_id=seat.pk, by=listing.owner, message="ごめんなさい")

    next_in_line.refresh_from_db()
    assert next_in_line.status == ApplicationStatus.CONFIRMED
    assert news_for(seated).data["event"] == "cancelled_by_organiser"
    assert news_for(waiting).data["event"] == "promoted"


def test_more_seats_fill_from_the_waiting_list(client):
    listing = activity(capacity=1)
    people = residents(3)
    for person in people:
        apply_to_activity(listing_id=listing.pk, applicant=person)
    client.force_login(listing.owner)

    client.post(
        f"/en/listings/{listing.pk}/applications/settings/",
        {
            "is_open": "on",
            "capacity": "2",
            "approval_mode": "first_come",
            "cancellation_cutoff_hours": "24",
            "q-TOTAL_FORMS": "5",
            "q-INITIAL_FORMS": "0",
            **{f"q-{i}-kind": "text" for i in range(5)},
        },
    )

    statuses = list(Application.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "waitlisted"]


def test_an_unknown_decision_changes_nothing(client, approval_activity, resident):
    application = apply_to_activity(listing_id=approval_activity.pk, applicant=resident)
    client.force_login(approval_activity.owner)

    client.post(decide_url(application), {"action": "delete"})

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED


def test_a_coordinator_organises_a_proxy_residents_activity(client, resident):
    coordinator = CoordinatorFactory()
    listing = ListingFactory(
        kind="activity",
        owner=None,
        posted_by=coordinator,
        proxy_owner=ProxyResidentFactory(coordinator=coordinator),
    )
    from listings.applications.services import configure_applications
    from listings.services import submit_listing

    submit_listing(listing=listing, by=coordinator)
    configure_applications(listing=listing, by=coordinator, capacity=5)
    application = apply_to_activity(listing_id=listing.pk, applicant=resident)

    assert Notification.objects.get(kind="application_received").recipient == coordinator
    client.force_login(CoordinatorFactory())
    assert client.get(applicants_url(listing)).status_code == 200
    client.post(decide_url(application), {"action": "decline"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED


@pytest.mark.parametrize("who", ["applicant", "stranger"])
def test_nobody_else_sees_the_applicants_or_decides(client, approval_activity, resident, who):
    application = apply_to_activity(listing_id=approval_activity.pk, applicant=resident)
    client.force_login(resident if who == "applicant" else residents(1)[0])
    pk = approval_activity.pk

    assert client.get(applicants_url(approval_activity)).status_code == 403
    assert client.get(f"/en/listings/{pk}/applications/export.csv").status_code == 403
    assert client.get(f"/en/listings/{pk}/applications/export.xlsx").status_code == 403
    assert client.get(f"/en/listings/{pk}/applications/settings/").status_code == 403
    assert client.post(f"/en/listings/{pk}/applications/message/").status_code == 403
    for action in ("confirm", "waitlist", "decline"):
        assert client.post(decide_url(application), {"action": action}).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED


def test_a_draft_activity_is_hidden_from_others(client, resident):
    listing = ListingFactory(kind="activity")
    client.force_login(resident)

    assert client.get(applicants_url(listing)).status_code == 404
    assert client.get(f"/en/listings/{listing.pk}/applications/settings/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, approval_activity):
    response = client.get(applicants_url(approval_activity))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
