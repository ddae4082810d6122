"""Cancelling one's application before the cutoff, and the waiting list's first person
getting the freed seat (told in the app and by e-mail)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import EmailFrequency, Notification, NotificationKind
from listings.applications.services import apply_to_activity, cancel_application
from listings.models import Application, ApplicationStatus
from tests.accounts.markup import parse
from tests.factories import UserFactory
from tests.listings.application_fixtures import (
    MY_APPLICATIONS_URL,
    activity,
    detail_url,
    fixed_clock,
    residents,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return fixed_clock(monkeypatch)


def cancel_url(application) -> str:
    return f"/en/listings/applications/{application.pk}/cancel/"


def test_cancelling_from_my_applications(client, resident):
    listing = activity()
    application = apply_to_activity(listing_id=listing.pk, applicant=resident)
    client.force_login(resident)

    card = parse(client.get(MY_APPLICATIONS_URL)).find(id=f"application-{application.pk}")
    assert card.find("form", action=cancel_url(application)) is not None
    response = client.post(cancel_url(application), follow=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.CANCELLED
    assert application.cancelled_at is not None
    assert response.redirect_chain[-1][0] == MY_APPLICATIONS_URL
    assert "is cancelled" in response.content.decode()


def test_cancelling_from_the_listing_page_comes_back_to_it(client, resident):
    listing = activity()
    apply_to_activity(listing_id=listing.pk, applicant=resident)
    client.force_login(resident)

    form = parse(client.get(detail_url(listing))).select_one("[data-applications] form")
    response = client.post(
        form["action"], {"next": form.find("input", attrs={"name": "next"})["value"]}
    )

    assert response["Location"] == detail_url(listing) + "#applications"
    assert Application.objects.get().status == ApplicationStatus.CANCELLED


def test_a_confirmed_seat_cancelled_goes_to_the_first_on_the_waiting_list(
    django_capture_on_commit_callbacks,
):
    listing = activity(capacity=1)
    seated, first_waiting, second_waiting = residents(3, profile__language="en")
    seat = apply_to_activity(listing_id=listing.pk, applicant=seated)
    first = apply_to_activity(listing_id=listing.pk, applicant=first_waiting)
    second = apply_to_activity(listing_id=listing.pk, applicant=second_waiting)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_application(application_id=seat.pk, by=seated)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    news = Notification.objects.get(recipient=first_waiting, kind=NotificationKind.APPLICATION)
    assert news.data["event"] == "promoted"
    assert first_waiting.email in [message.to[0] for message in mail.outbox]
    promoted_mail = next(m for m in mail.outbox if m.to == [first_waiting.email])
    assert "A seat became free" in promoted_mail.body


def test_the_promotion_email_respects_the_preference(django_capture_on_commit_callbacks):
    listing = activity(capacity=1)
    seated = UserFactory()
    quiet = UserFactory(profile__email_on_message=EmailFrequency.NEVER)
    seat = apply_to_activity(listing_id=listing.pk, applicant=seated)
    apply_to_activity(listing_id=listing.pk, applicant=quiet)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_application(application_id=seat.pk, by=seated)

    assert Notification.objects.filter(recipient=quiet, kind="application").exists()
    assert quiet.email not in [message.to[0] for message in mail.outbox]


def test_cancelling_a_waitlisted_application_promotes_no_one():
    listing = activity(capacity=1)
    seated, waiting, last = residents(3)
    apply_to_activity(listing_id=listing.pk, applicant=seated)
    waitlisted = apply_to_activity(listing_id=listing.pk, applicant=waiting)
    third = apply_to_activity(listing_id=listing.pk, applicant=last)

    cancel_application(application_id=waitlisted.pk, by=waiting)

    third.refresh_from_db()
    assert third.status == ApplicationStatus.WAITLISTED


def test_after_the_cutoff_it_is_too_late(client, clock, resident):
    starts_at = clock.moment + datetime.timedelta(days=2)
    listing = activity(starts_at=starts_at, cancellation_cutoff_hours=24)
    application = apply_to_activity(listing_id=listing.pk, applicant=resident)
    client.force_login(resident)
    clock.set(starts_at - datetime.timedelta(hours=24))

    card = parse(client.get(MY_APPLICATIONS_URL)).find(id=f"application-{application.pk}")
    response = client.post(cancel_url(application), follow=True)

    assert card.find("form") is None
    assert "too late to cancel online" in card.get_text()
    assert "too late to cancel online" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONFIRMED


def test_just_before_the_cutoff_it_is_fine(clock, resident):
    starts_at = clock.moment + datetime.timedelta(days=2)
    listing = activity(starts_at=starts_at, cancellation_cutoff_hours=24)
    application = apply_to_activity(listing_id=listing.pk, applicant=resident)
    clock.set(starts_at - datetime.timedelta(hours=24, seconds=1))

    assert cancel_application(application_id=application.pk, by=resident).status == "cancelled"


def test_another_resident_cannot_cancel_your_application(client, resident, other_resident):
    listing = activity()
    application = apply_to_activity(listing_id=listing.pk, applicant=resident)
    client.force_login(other_resident)

    assert client.post(cancel_url(application)).status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONFIRMED


def test_a_cancelled_application_cannot_be_cancelled_again(resident):
    listing = activity()
    application = apply_to_activity(listing_id=listing.pk, applicant=resident)
    cancel_application(application_id=application.pk, by=resident)

    with pytest.raises(ValidationError):
        cancel_application(application_id=application.pk, by=resident)


def test_cancelling_needs_a_post_and_a_login(client, resident):
    listing = activity()
    application = apply_to_activity(listing_id=listing.pk, applicant=resident)

    assert client.post(cancel_url(application)).status_code == 302
    client.force_login(resident)
    assert client.get(cancel_url(application)).status_code == 405
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONFIRMED
