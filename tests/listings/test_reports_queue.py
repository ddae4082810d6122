"""The coordinators' reports queue: open reports oldest first; hide the listing, or dismiss."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from listings.models import Listing, ListingReport, ReportStatus
from listings.services import report_listing, submit_listing
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db
QUEUE = "/admin/listings/reports/"


def published(**fields):
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


def reported(listing, reason="spam", details="", *, days_ago=0):
    report = report_listing(listing=listing, by=UserFactory(), reason=reason, details=details)
    ListingReport.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return report


@pytest.fixture
def scam():
    listing = published(title="必ずもうかる投資の話", featured=True)
    return listing


def test_queue_shows_open_reports_oldest_first_with_the_count_per_listing(
    client, coordinator, scam
):
    other = published(title="犬の散歩を頼みたい")
    newer = reported(scam, "scam", "前払いを求められた", days_ago=1)
    older = reported(other, "wrong", days_ago=3)
    reported(scam, "spam", days_ago=2)
    dismissed = reported(other, "offensive", "見えない報告")
    ListingReport.objects.filter(pk=dismissed.pk).update(status=ReportStatus.DISMISSED)
    client.force_login(coordinator)

    soup = BeautifulSoup(client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").content, "html.parser")

    sections = soup.select("section.w-panel")
    assert [s.h2.get_text(strip=True) for s in sections] == [
        "犬の散歩を頼みたい",
        "必ずもうかる投資の話",
        "必ずもうかる投資の話",
    ]
    assert sections[0].select_one('input[name="report"]')["value"] == str(older.pk)
    last = sections[2]
    assert last.select_one('input[name="report"]')["value"] == str(newer.pk)
    assert "前払いを求められた" in last.get_text()
    assert newer.reporter.display_name in last.get_text()
    counts = [
        s.find("dt", string="Open reports of this listing").find_next("dd").text for s in sections
    ]
    assert counts == ["1", "2", "2"]
    assert "見えない報告" not in soup.get_text()
    assert sections[0].h2.a["href"].endswith(f"/listings/{other.pk}/")


def test_hiding_resolves_every_open_report_of_the_listing_and_is_logged(client, coordinator, scam):
    first, second = reported(scam), reported(scam, "scam")
    unrelated = reported(published())
    client.force_login(coordinator)

    response = client.post(
        QUEUE, {"report": first.pk, "decision": "hide", "note": "詐欺の疑い。非表示にしました。"}
    )

    assert response.status_code == 302
    scam.refresh_from_db()
    assert scam.hidden is True and scam.featured is False
    for report in (first, second):
        report.refresh_from_db()
        assert report.status == ReportStatus.RESOLVED
        assert report.handled_by == coordinator and report.handled_at is not None
        assert report.resolution_note == "詐欺の疑い。非表示にしました。"
    unrelated.refresh_from_db()
    assert unrelated.status == ReportStatus.OPEN
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(scam.pk), user=coordinator).values_list(
            "action", flat=True
        )
    )
    assert {"yui.listing.moderate", "yui.listing.report.resolve"} <= actions
    assert not Listing.objects.published().filter(pk=scam.pk).exists()


def test_dismissing_needs_a_note_and_dismisses_only_that_report(client, coordinator, scam):
    first, second = reported(scam), reported(scam)
    client.force_login(coordinator)

    client.post(QUEUE, {"report": first.pk, "decision": "dismiss", "note": ""})
    first.refresh_from_db()
    assert first.status == ReportStatus.OPEN

    response = client.post(
        QUEUE,
        {"report": first.pk, "decision": "dismiss", "note": "問題なし"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.resolution_note) == (ReportStatus.DISMISSED, "問題なし")
    assert second.status == ReportStatus.OPEN
    assert Listing.objects.get(pk=scam.pk).hidden is False
    assert ModelLogEntry.objects.filter(
        action="yui.listing.report.dismiss", object_id=str(scam.pk), user=coordinator
    ).exists()
    assert response.status_code == 200


def test_a_handled_report_cannot_be_handled_again(client, coordinator, scam):
    report = reported(scam)
    client.force_login(coordinator)
    client.post(QUEUE, {"report": report.pk, "decision": "dismiss", "note": "問題なし"})

    client.post(QUEUE, {"report": report.pk, "decision": "hide"})

    assert Listing.objects.get(pk=scam.pk).hidden is False
    report.refresh_from_db()
    assert report.status == ReportStatus.DISMISSED


def test_residents_cannot_open_or_use_the_queue(client, resident, scam):
    report = reported(scam)
    client.force_login(resident)

    assert client.get(QUEUE).status_code in (302, 403)
    client.post(QUEUE, {"report": report.pk, "decision": "hide"})

    assert Listing.objects.get(pk=scam.pk).hidden is False
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_the_menu_shows_how_many_reports_are_open(client, coordinator, scam):
    reported(scam)
    reported(scam)
    client.force_login(coordinator)

    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Listing reports (2)" in page


def test_queue_queries_do_not_grow_with_the_reports(client, coordinator, scam):
    reported(scam)
    client.force_login(coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(QUEUE).status_code == 200
        return len(captured)

    with_one = queries()
    for _ in range(5):
        reported(published())
    assert queries() == with_one


def test_the_queue_url_is_the_admin_one():
    assert reverse("listings_reports_queue") == QUEUE
