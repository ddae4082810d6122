"""Applying to an activity: first come (confirmed, then waitlisted), with approval (applied),
from the listing page in one step, and every refusal (nothing written, a clear error)."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from accounts.models import Notification, NotificationKind
from listings.applications.services import apply_to_activity
from listings.models import Application, ApplicationStatus, ApprovalMode, QuestionKind
from listings.services import submit_listing
from tests.accounts.markup import field_errors, parse
from tests.factories import ListingFactory, UserFactory
from tests.listings.application_fixtures import (
    MY_APPLICATIONS_URL,
    activity,
    apply_url,
    detail_url,
    fixed_clock,
    residents,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return fixed_clock(monkeypatch)


QUESTION = {"text": "How many people?", "kind": QuestionKind.CHOICE, "options": ["1", "2"]}


def page_messages(response) -> list[str]:
    return [item.get_text(strip=True) for item in parse(response).select(".messages li")]


def test_first_come_confirms_while_seats_remain_then_waitlists():
    listing = activity(capacity=2)
    first, second, third = residents(3)

    statuses = [
        apply_to_activity(listing_id=listing.pk, applicant=person).status
        for person in (first, second, third)
    ]

    assert statuses == ["confirmed", "confirmed", "waitlisted"]


def test_with_approval_the_application_waits_for_the_organiser(resident):
    listing = activity(approval_mode=ApprovalMode.APPROVAL)

    application = apply_to_activity(listing_id=listing.pk, applicant=resident)

    assert application.status == ApplicationStatus.APPLIED
    assert application.decided_at is None


def test_the_organiser_is_told_in_the_app_and_by_email(
    resident, django_capture_on_commit_callbacks
):
    listing = activity()

    with django_capture_on_commit_callbacks(execute=True):
        apply_to_activity(listing_id=listing.pk, applicant=resident)

    notification = Notification.objects.get(recipient=listing.owner)
    assert notification.kind == NotificationKind.APPLICATION_RECEIVED
    assert notification.data["event"] == "applied"
    assert [message.to for message in mail.outbox] == [[listing.owner.email]]
    assert "はなこ" in mail.outbox[0].body


def test_applying_from_the_listing_page_in_one_step(client, resident):
    listing = activity(capacity=5, questions=[QUESTION])
    client.force_login(resident)

    page = parse(client.get(detail_url(listing)))
    form = page.select_one("form[data-apply-form]")
    assert form is not None and form["action"] == apply_url(listing)
    assert form.find("input", attrs={"type": "radio", "value": "2"}) is not None
    question_id = listing.application_settings.questions.get().pk

    response = client.post(apply_url(listing), {f"question_{question_id}": "2"}, follow=True)

    application = Application.objects.get(applicant=resident)
    assert application.status == ApplicationStatus.CONFIRMED
    assert application.answers == [
        {"question": question_id, "text": "How many people?", "answer": "2"}
    ]
    assert response.redirect_chain[-1][0].startswith(MY_APPLICATIONS_URL)
    assert "Your place at “やさしい日本語教室” is confirmed." in " ".join(page_messages(response))


def test_logged_out_visitors_are_asked_to_log_in(client):
    listing = activity()

    page = parse(client.get(detail_url(listing)))

    panel = page.select_one("[data-applications]")
    link = panel.find("a", string=lambda text: text and "Log in to apply" in text)
    assert link is not None and link["href"].startswith("/en/accounts/login/")
    assert client.post(apply_url(listing)).status_code == 302
    assert not Application.objects.exists()


def test_a_full_first_come_activity_offers_the_waiting_list(client, resident):
    listing = activity(capacity=1)
    apply_to_activity(listing_id=listing.pk, applicant=UserFactory())
    client.force_login(resident)

    panel = parse(client.get(detail_url(listing))).select_one("[data-applications]")

    assert "Join the waiting list" in panel.get_text()
    assert "0 seats free of 1" in panel.get_text()


def test_after_the_deadline_nothing_is_written(client, clock, resident):
    listing = activity(deadline=clock.moment + datetime.timedelta(days=1))
    clock.set(clock.moment + datetime.timedelta(days=1))
    client.force_login(resident)

    panel = parse(client.get(detail_url(listing))).select_one("[data-applications]")
    response = client.post(apply_url(listing))

    assert "The application deadline has passed." in panel.get_text()
    assert panel.select_one("form[data-apply-form]") is None
    assert "The application deadline has passed." in response.content.decode()
    assert not Application.objects.exists()


def test_a_minute_before_the_deadline_is_still_fine(clock, resident):
    listing = activity(deadline=clock.moment + datetime.timedelta(days=1))
    clock.set(clock.moment + datetime.timedelta(days=1) - datetime.timedelta(minutes=1))

    assert apply_to_activity(listing_id=listing.pk, applicant=resident).status == "confirmed"


def test_a_missing_required_answer_is_shown_next_to_the_question(client, resident):
    listing = activity(questions=[{**QUESTION, "required": True}, {"text": "Anything else?"}])
    first, second = listing.application_settings.questions.all()
    client.force_login(resident)

    response = client.post(apply_url(listing), {f"question_{second.pk}": "Vegetarian"})

    assert response.status_code == 400
    assert field_errors(response, f"question_{first.pk}") == ["Please answer this question."]
    assert parse(response).find("input", attrs={"name": f"question_{second.pk}"})["value"] == (
        "Vegetarian"
    )
    assert not Application.objects.exists()


def test_an_answer_outside_the_options_is_refused(resident):
    listing = activity(questions=[QUESTION])
    question = listing.application_settings.questions.get()

    with pytest.raises(Exception, match="Choose one of the options"):
        apply_to_activity(listing_id=listing.pk, applicant=resident, answers={question.pk: "9"})
    assert not Application.objects.exists()


def test_applying_twice_is_refused(client, resident):
    listing = activity()
    apply_to_activity(listing_id=listing.pk, applicant=resident)
    client.force_login(resident)

    response = client.post(apply_url(listing))

    assert response.status_code == 400
    assert "You have already applied to this activity." in response.content.decode()
    assert Application.objects.count() == 1


def test_the_database_allows_one_active_application_per_person(resident):
    listing = activity()
    apply_to_activity(listing_id=listing.pk, applicant=resident)

    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(listing=listing, applicant=resident, status="waitlisted")
    Application.objects.update(status="cancelled")
    Application.objects.create(listing=listing, applicant=resident, status="confirmed")


def test_after_cancelling_one_can_apply_again(resident):
    listing = activity()
    first = apply_to_activity(listing_id=listing.pk, applicant=resident)
    Application.objects.filter(pk=first.pk).update(status="cancelled")

    again = apply_to_activity(listing_id=listing.pk, applicant=resident)

    assert again.status == "confirmed" and again.pk != first.pk


def test_the_organiser_cannot_apply_to_their_own_activity(client):
    listing = activity()
    client.force_login(listing.owner)

    panel = parse(client.get(detail_url(listing))).select_one("[data-applications]")
    response = client.post(apply_url(listing))

    assert "You organise this activity." in panel.get_text()
    assert "You organise this activity, so you cannot apply to it." in response.content.decode()
    assert not Application.objects.exists()


def test_closed_applications_are_refused(resident):
    listing = activity(is_open=False)

    with pytest.raises(Exception, match="The organiser has closed applications."):
        apply_to_activity(listing_id=listing.pk, applicant=resident)
    assert not Application.objects.exists()


def test_an_activity_without_applications_has_no_apply_page(client, resident):
    listing = ListingFactory(kind="activity")
    submit_listing(listing=listing, by=listing.owner)
    client.force_login(resident)

    assert client.get(apply_url(listing)).status_code == 404
    assert parse(client.get(detail_url(listing))).select_one("[data-applications]") is None
    client.force_login(listing.owner)
    panel = parse(client.get(detail_url(listing))).select_one("[data-applications]")
    assert panel.find("a", href=f"/en/listings/{listing.pk}/applications/settings/")


def test_other_kinds_show_no_panel(client):
    listing = ListingFactory()
    submit_listing(listing=listing, by=listing.owner)

    assert parse(client.get(detail_url(listing))).select_one("[data-applications]") is None
