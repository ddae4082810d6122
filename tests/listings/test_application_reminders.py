"""The day-before reminder to confirmed participants: in the app and by e-mail (as their
profile allows), through django-tasks, never twice, again if the activity moves."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import EmailFrequency, Notification, NotificationKind
from listings.applications.reminders import send_activity_reminders
from listings.applications.services import apply_to_activity
from listings.models import Listing
from tests.factories import UserFactory
from tests.listings.application_fixtures import activity, fixed_clock, residents

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return fixed_clock(monkeypatch)


def reminders():
    return Notification.objects.filter(kind=NotificationKind.ACTIVITY_REMINDER)


@pytest.fixture
def tomorrow_at_ten(clock):
    """An activity tomorrow at 10:00 (Tokyo; the clock says Monday 09:00) with one confirmed
    participant and one on the waiting list."""
    starts_at = clock.moment + datetime.timedelta(days=1, hours=1)
    listing = activity(capacity=1, starts_at=starts_at)
    seated, waiting = residents(2, profile__language="en")
    apply_to_activity(listing_id=listing.pk, applicant=seated)
    apply_to_activity(listing_id=listing.pk, applicant=waiting)
    listing.seated = seated
    mail.outbox.clear()
    return listing


def test_confirmed_participants_are_reminded_once(
    tomorrow_at_ten, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_activity_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_activity_reminders() == 0

    (reminder,) = reminders()
    assert reminder.recipient == tomorrow_at_ten.seated
    assert [message.to for message in mail.outbox] == [[tomorrow_at_ten.seated.email]]
    assert "Reminder: “やさしい日本語教室” starts on" in mail.outbox[0].body
    assert "ふれあいセンター 会議室A" in mail.outbox[0].body


def test_the_command_runs_it(tomorrow_at_ten, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_activity_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert reminders().count() == 1


def test_the_email_follows_the_preference(clock, django_capture_on_commit_callbacks):
    listing = activity(starts_at=clock.moment + datetime.timedelta(hours=20))
    quiet = UserFactory(profile__email_on_message=EmailFrequency.NEVER)
    apply_to_activity(listing_id=listing.pk, applicant=quiet)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        send_activity_reminders()

    assert reminders().get().recipient == quiet
    assert mail.outbox == []


def test_activities_later_than_tomorrow_wait(clock):
    listing = activity(starts_at=clock.moment + datetime.timedelta(days=2, hours=1))
    apply_to_activity(listing_id=listing.pk, applicant=UserFactory())

    assert send_activity_reminders() == 0
    clock.set(clock.moment + datetime.timedelta(days=1))
    assert send_activity_reminders() == 1


def test_a_moved_activity_is_reminded_again(tomorrow_at_ten, clock):
    send_activity_reminders()
    Listing.objects.filter(pk=tomorrow_at_ten.pk).update(
        activity_starts_at=tomorrow_at_ten.activity_starts_at + datetime.timedelta(hours=3)
    )

    assert send_activity_reminders() == 1
    assert reminders().count() == 2


def test_started_activities_are_not_reminded(tomorrow_at_ten, clock):
    clock.set(tomorrow_at_ten.activity_starts_at + datetime.timedelta(minutes=1))

    assert send_activity_reminders() == 0


def test_the_reminder_reads_in_the_app(client, tomorrow_at_ten):
    send_activity_reminders()
    client.force_login(tomorrow_at_ten.seated)

    page = client.get("/en/accounts/notifications/").content.decode()

    assert "Reminder: “やさしい日本語教室” starts on" in page
    assert f'href="/en/listings/{tomorrow_at_ten.pk}/"' in page
