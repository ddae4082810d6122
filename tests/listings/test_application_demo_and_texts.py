"""The demo applications (three activities, idempotent) and how the notifications read in
Japanese."""

import pytest
from django.utils import translation

from accounts.demo import create_demo_users
from accounts.models import Notification, NotificationKind
from accounts.notifications import present
from listings.applications.demo import create_demo_applications
from listings.applications.services import apply_to_activity, decline_application
from listings.demo import create_demo_listings
from listings.models import Application, ApplicationSettings, ApprovalMode
from tests.listings.application_fixtures import activity

pytestmark = pytest.mark.django_db


def test_demo_applications_load_once():
    create_demo_users()
    create_demo_listings()

    created = create_demo_applications()
    again = create_demo_applications()

    assert len(created) == 3 and again == []
    modes = set(ApplicationSettings.objects.values_list("approval_mode", flat=True))
    assert modes == {ApprovalMode.FIRST_COME, ApprovalMode.APPROVAL}
    drill = ApplicationSettings.objects.get(listing__ref="demo-025")
    assert drill.listing.activity_starts_at is not None
    statuses = list(
        Application.objects.filter(listing=drill.listing).values_list("status", flat=True)
    )
    assert statuses.count("confirmed") == 3 and statuses.count("waitlisted") == 1
    rice = ApplicationSettings.objects.get(listing__ref="demo-042")
    assert rice.questions.count() == 2
    assert set(
        Application.objects.filter(listing=rice.listing).values_list("status", flat=True)
    ) == {"applied"}


def test_the_notifications_read_in_japanese(resident):
    listing = activity(approval_mode=ApprovalMode.APPROVAL)
    application = apply_to_activity(listing_id=listing.pk, applicant=resident)
    decline_application(application_id=application.pk, by=listing.owner, message="満席です")

    with translation.override("ja"):
        declined = present(Notification.objects.get(kind=NotificationKind.APPLICATION))
        received = present(Notification.objects.get(kind=NotificationKind.APPLICATION_RECEIVED))

    assert "やさしい日本語教室" in declined.sentence and "満席です" in declined.sentence
    assert declined.url == "/ja/listings/applications/"
    assert "はなこ" in received.sentence
    assert received.url == f"/ja/listings/{listing.pk}/applications/"
