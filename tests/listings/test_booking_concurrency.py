"""No double booking under concurrency: 20 residents take the same slot at the same moment,
each from its own thread and database connection. PostgreSQL's exclusion constraint lets
exactly one through; the others get the "just taken" message."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone, translation

from listings.bookings import services
from listings.bookings.availability import local_datetime
from listings.models import Booking, BookingStatus
from tests.conftest import restore_migrated_data, skip_or_fail
from tests.factories import UserFactory, make_bookable_space

ATTEMPTS = 20


@pytest.fixture(scope="module", autouse=True)
def _restore_migrated_data(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        restore_migrated_data()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_attempts_give_one_booking(monkeypatch):
    if connection.vendor != "postgresql":
        skip_or_fail("the exclusion constraint and real concurrency need PostgreSQL")
    monkeypatch.setattr(services, "_tell", lambda *args, **kwargs: None)  # no mail in threads
    space = make_bookable_space()
    room = space.rooms.first()
    users = [UserFactory() for _ in range(ATTEMPTS)]
    day = timezone.localdate() + datetime.timedelta(days=7)
    start = local_datetime(day, datetime.time(10))
    barrier = threading.Barrier(ATTEMPTS)
    outcomes = []
    lock = threading.Lock()

    def attempt(user):
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):  # each thread has its own active language
                services.book_space(
                    user=user,
                    room_id=room.pk,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=1),
                    purpose="同時予約",
                    people=2,
                )
            outcome = "booked"
        except ValidationError as error:
            outcome = error.message_dict.get("start_time", ["?"])[0]
        except Exception as error:  # reported by the assertions below
            outcome = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == ATTEMPTS
    assert outcomes.count("booked") == 1, outcomes
    refused = [outcome for outcome in outcomes if outcome != "booked"]
    assert len(refused) == ATTEMPTS - 1
    assert all("just taken" in outcome for outcome in refused), set(refused)
    assert Booking.objects.filter(room=room, status=BookingStatus.CONFIRMED).count() == 1


@pytest.mark.django_db
def test_database_refuses_an_overlap_written_past_the_service():
    """The constraint itself, without the service's friendly re-check."""
    if connection.vendor != "postgresql":
        skip_or_fail("the exclusion constraint exists on PostgreSQL only")
    from django.db import IntegrityError, transaction

    space = make_bookable_space()
    room = space.rooms.first()
    user = UserFactory()
    start = timezone.now() + datetime.timedelta(days=3)
    fields = {"room": room, "booker": user, "purpose": "x", "people": 1}
    Booking.objects.create(starts_at=start, ends_at=start + datetime.timedelta(hours=2), **fields)
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        Booking.objects.create(
            starts_at=start + datetime.timedelta(hours=1),
            ends_at=start + datetime.timedelta(hours=3),
            **fields,
        )
    # Cancelled and declined bookings hold nothing.
    Booking.objects.update(status=BookingStatus.CANCELLED)
    Booking.objects.create(starts_at=start, ends_at=start + datetime.timedelta(hours=1), **fields)
