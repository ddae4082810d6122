"""Booking a room: every state transition, the space's rules, cancellation cutoff and the
e-mails and notifications each step sends. Services take ``now`` (a fixed clock)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from accounts.models import EmailFrequency, Notification, NotificationKind
from listings.bookings import services
from listings.bookings.availability import local_datetime
from listings.models import Booking, BookingStatus, ClosedDate
from tests.factories import UserFactory, make_bookable_space

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The services' messages are checked in English (the site's default is Japanese)."""
    with translation.override("en"):
        yield


# A fixed clock: Monday 1 June 2026, 10:00 in Tokyo.
NOW = local_datetime(datetime.date(2026, 6, 1), datetime.time(10, 0))
WEDNESDAY = datetime.date(2026, 6, 3)


def at(day, hour, minute=0):
    return local_datetime(day, datetime.time(hour, minute))


@pytest.fixture
def owner(db):
    return UserFactory(profile__display_name="センター長")


@pytest.fixture
def space(owner):
    return make_bookable_space(owner=owner, slot_minutes=60, max_booking_minutes=180)


@pytest.fixture(autouse=True)
def _commit_callbacks(monkeypatch):
    """The e-mails are queued after the commit: run those callbacks at once."""
    monkeypatch.setattr(services.transaction, "on_commit", lambda callback, **kw: callback())


def book(space, user, start=None, end=None, room=None, **kwargs):
    start = start or at(WEDNESDAY, 10)
    return services.book_space(
        user=user,
        room_id=(room or space.rooms.first()).pk,
        starts_at=start,
        ends_at=end or start + datetime.timedelta(hours=1),
        purpose=kwargs.pop("purpose", "囲碁クラブ"),
        people=kwargs.pop("people", 5),
        now=kwargs.pop("now", NOW),
    )


def test_booking_is_confirmed_and_tells_booker_and_owner(space, resident, owner):
    booking = book(space, resident, end=at(WEDNESDAY, 12))

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.starts_at == at(WEDNESDAY, 10)
    assert booking.starts_at.utcoffset() == datetime.timedelta(0)  # stored in UTC
    events = dict(
        Notification.objects.filter(kind=NotificationKind.BOOKING).values_list(
            "recipient_id", "data__event"
        )
    )
    assert events == {resident.pk: "confirmed", owner.pk: "received_confirmed"}
    assert len(mail.outbox) == 1  # the booker; the owner needs no e-mail for a confirmed one
    (message,) = mail.outbox
    assert message.to == [resident.email]
    assert "和室" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "DTSTART:20260603T010000Z" in content


def test_no_email_for_residents_who_want_none(space, owner):
    quiet = UserFactory(profile__email_on_message=EmailFrequency.NEVER)
    book(space, quiet)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=quiet).count() == 1


def test_approval_request_holds_the_slot_then_is_approved(space, resident, other_resident, owner):
    space.requires_approval = True
    space.save()
    booking = book(space, resident)
    assert booking.status == BookingStatus.REQUESTED
    assert {m.to[0] for m in mail.outbox} == {resident.email, owner.email}

    with pytest.raises(ValidationError) as taken:
        book(space, other_resident)
    assert "just taken" in taken.value.message_dict["start_time"][0]

    with pytest.raises(PermissionDenied):
        services.approve_booking(user=other_resident, booking_id=booking.pk, now=NOW)
    services.approve_booking(user=owner, booking_id=booking.pk, note="どうぞ", now=NOW)
    booking.refresh_from_db()
    assert (booking.status, booking.decided_by, booking.decision_note) == (
        BookingStatus.CONFIRMED,
        owner,
        "どうぞ",
    )
    assert Notification.objects.filter(recipient=resident, data__event="approved").exists()
    with pytest.raises(ValidationError):  # answered already
        services.decline_booking(user=owner, booking_id=booking.pk, now=NOW)


def test_declined_request_frees_the_slot(space, resident, other_resident, coordinator):
    space.requires_approval = True
    space.save()
    booking = book(space, resident)
    services.decline_booking(user=coordinator, booking_id=booking.pk, note="点検日です", now=NOW)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED
    assert Notification.objects.filter(recipient=resident, data__event="declined").exists()
    assert book(space, other_resident).status == BookingStatus.REQUESTED


def test_owner_bookings_need_no_approval(space, owner):
    space.requires_approval = True
    space.save()
    assert book(space, owner).status == BookingStatus.CONFIRMED


def test_cancel_before_cutoff_frees_the_slot(space, resident, other_resident, owner):
    booking = book(space, resident)
    services.cancel_booking(user=resident, booking_id=booking.pk, now=NOW)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.cancelled_at == NOW
    assert Notification.objects.filter(recipient=owner, data__event="cancelled_by_booker").exists()
    assert book(space, other_resident).status == BookingStatus.CONFIRMED


def test_cancel_after_cutoff_is_refused(space, resident):
    booking = book(space, resident)  # Wednesday 10:00; the cutoff is 24 hours
    late = at(WEDNESDAY, 10) - datetime.timedelta(hours=23)
    with pytest.raises(ValidationError) as refused:
        services.cancel_booking(user=resident, booking_id=booking.pk, now=late)
    assert "24" in refused.value.messages[0]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    on_time = at(WEDNESDAY, 10) - datetime.timedelta(hours=24)
    services.cancel_booking(user=resident, booking_id=booking.pk, now=on_time)


def test_another_resident_cannot_cancel(space, resident, other_resident):
    booking = book(space, resident)
    with pytest.raises(PermissionDenied):
        services.cancel_booking(user=other_resident, booking_id=booking.pk, now=NOW)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


@pytest.mark.parametrize(
    ("start", "end", "people", "field", "words"),
    [
        (at(WEDNESDAY, 7), at(WEDNESDAY, 8), 5, "start_time", "not open"),
        (at(WEDNESDAY, 20), at(WEDNESDAY, 22), 5, "end_time", "closes at 21:00"),
        (
            at(datetime.date(2026, 6, 1), 9),
            at(datetime.date(2026, 6, 1), 10),
            5,
            "start_time",
            "passed",
        ),
        (
            at(datetime.date(2026, 9, 1), 10),
            at(datetime.date(2026, 9, 1), 11),
            5,
            "start_time",
            "60 days",
        ),
        (at(WEDNESDAY, 10), at(WEDNESDAY, 14), 5, "end_time", "180 minutes"),
        (at(WEDNESDAY, 10, 30), at(WEDNESDAY, 11, 30), 5, "start_time", "slots"),
        (at(WEDNESDAY, 10), at(WEDNESDAY, 11), 21, "people", "20"),
        (at(WEDNESDAY, 11), at(WEDNESDAY, 10), 5, "end_time", "after the start"),
    ],
    ids=[
        "outside-hours",
        "past-closing",
        "past",
        "too-far",
        "too-long",
        "not-aligned",
        "over-capacity",
        "backwards",
    ],
)
def test_refusals_name_the_field_and_write_nothing(
    space, resident, start, end, people, field, words
):
    with pytest.raises(ValidationError) as refused:
        book(space, resident, start=start, end=end, people=people)
    assert words in " ".join(refused.value.message_dict[field])
    assert not Booking.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_closed_date_is_refused_with_its_reason(space, resident):
    ClosedDate.objects.create(space=space, date=WEDNESDAY, reason="館内点検")
    with pytest.raises(ValidationError) as refused:
        book(space, resident)
    assert "館内点検" in refused.value.message_dict["start_time"][0]
    assert not Booking.objects.exists()


def test_overlap_in_another_room_is_fine_but_not_in_the_same(space, resident, other_resident):
    washitsu, kitchen = space.rooms.all()
    book(space, resident, end=at(WEDNESDAY, 12), room=washitsu)
    assert book(space, other_resident, room=kitchen).status == BookingStatus.CONFIRMED
    with pytest.raises(ValidationError):
        book(space, other_resident, start=at(WEDNESDAY, 11), room=washitsu)
    # Back to back is no overlap.
    book(space, other_resident, start=at(WEDNESDAY, 12), room=washitsu)
    assert Booking.objects.count() == 3


def test_unpublished_space_cannot_be_booked(space, resident):
    space.listing.status = "closed"
    space.listing.closed_reason = "withdrawn"
    space.listing.save()
    with pytest.raises(ValidationError):
        book(space, resident)
