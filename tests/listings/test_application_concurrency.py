"""Capacity under concurrency, on real PostgreSQL: 50 people applying at once for 10 seats
give exactly 10 confirmed and 40 waitlisted; simultaneous cancellations promote exactly as
many from the waiting list as seats were freed. Each thread has its own connection."""

import threading

import pytest
from django.db import connection

from listings.applications.services import apply_to_activity, cancel_application
from listings.models import Application, ApplicationStatus
from tests.conftest import restore_migrated_data, skip_or_fail
from tests.listings.application_fixtures import activity, residents

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module", autouse=True)
def _restore_migrated_data(django_db_setup, django_db_blocker):
    """The serialized rollback leaves the tables empty: put the migrated data back."""
    yield
    with django_db_blocker.unblock():
        restore_migrated_data()


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        skip_or_fail("row locks under concurrency need PostgreSQL (set DATABASE_URL)")


def run_at_once(calls) -> list:
    """Run each call in its own thread (and database connection), all released together;
    returns what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[index] = error
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_fifty_applications_for_ten_seats():
    listing = activity(capacity=10)
    people = residents(50)

    results = run_at_once(
        [
            lambda person=person: apply_to_activity(listing_id=listing.pk, applicant=person)
            for person in people
        ]
    )

    assert [r for r in results if not isinstance(r, Application)] == []
    statuses = list(Application.objects.filter(listing=listing).values_list("status", flat=True))
    assert statuses.count(ApplicationStatus.CONFIRMED) == 10
    assert statuses.count(ApplicationStatus.WAITLISTED) == 40


def test_simultaneous_cancellations_promote_exactly_the_freed_seats():
    listing = activity(capacity=3)
    people = residents(8)
    applications = [apply_to_activity(listing_id=listing.pk, applicant=person) for person in people]
    seated = applications[:3]

    results = run_at_once(
        [
            lambda application=application: cancel_application(
                application_id=application.pk, by=application.applicant
            )
            for application in seated
        ]
    )

    assert all(isinstance(result, Application) for result in results)
    confirmed = Application.objects.filter(listing=listing, status="confirmed")
    assert sorted(confirmed.values_list("pk", flat=True)) == [a.pk for a in applications[3:6]]
    assert Application.objects.filter(listing=listing, status="waitlisted").count() == 2
