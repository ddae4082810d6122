"""Anyone logged in can report a listing to the coordinators, once, and not too often."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import ModelLogEntry

from listings.models import ListingReport, ReportStatus
from listings.services import MAX_REPORTS_PER_DAY, moderate_listing, submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def published(**fields):
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


def report_url(listing) -> str:
    return f"/en/listings/{listing.pk}/report/"


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def listing():
    return published(title="格安でスマホ修理します")


def test_the_listing_page_has_the_report_form_for_logged_in_visitors(client, resident, listing):
    client.force_login(resident)
    soup = BeautifulSoup(client.get(f"/en/listings/{listing.pk}/").content, "html.parser")

    form = soup.select_one(f'form[action="/en/listings/{listing.pk}/report/"]')
    assert form is not None and form["method"] == "post"
    radios = form.select('input[type="radio"][name="reason"]')
    assert len(radios) == 7
    for control in [*radios, form.select_one('textarea[name="details"]')]:
        assert soup.select_one(f'label[for="{control["id"]}"]') is not None


def test_anonymous_visitors_are_asked_to_log_in(client, listing):
    soup = BeautifulSoup(client.get(f"/en/listings/{listing.pk}/").content, "html.parser")

    assert soup.select_one('form[action$="/report/"]') is None
    link = soup.find("a", string="Log in to report this listing")
    assert link is not None and "/accounts/login/" in link["href"]


def test_the_owner_sees_no_report_form(client, listing):
    client.force_login(listing.owner)
    page = client.get(f"/en/listings/{listing.pk}/").content.decode()
    assert "/report/" not in page


def test_a_resident_reports_a_listing_and_is_thanked(client, resident, listing):
    client.force_login(resident)

    response = client.post(
        report_url(listing), {"reason": "scam", "details": "前払いを求められました。"}, follow=True
    )

    report = ListingReport.objects.get()
    assert (report.listing, report.reporter, report.reason) == (listing, resident, "scam")
    assert report.details == "前払いを求められました。"
    assert report.status == ReportStatus.OPEN
    assert response.redirect_chain[-1][0].endswith(f"/listings/{listing.pk}/")
    assert "Thank you. The coordinators will look at this listing." in text(response)
    assert ModelLogEntry.objects.filter(action="yui.listing.report", user=resident).exists()


def test_a_second_report_of_the_same_listing_is_refused(client, resident, listing):
    client.force_login(resident)
    client.post(report_url(listing), {"reason": "spam"})

    response = client.post(report_url(listing), {"reason": "offensive"})

    assert response.status_code == 200
    assert "You already reported this listing" in text(response)
    assert ListingReport.objects.count() == 1


def test_another_resident_may_report_the_same_listing(client, resident, other_resident, listing):
    for user in (resident, other_resident):
        client.force_login(user)
        client.post(report_url(listing), {"reason": "spam"})
    assert ListingReport.objects.filter(listing=listing).count() == 2


def test_the_owner_cannot_report_their_own_listing(client, listing):
    client.force_login(listing.owner)

    response = client.post(report_url(listing), {"reason": "spam"})

    assert response.status_code == 403
    assert not ListingReport.objects.exists()


def test_reports_per_day_are_limited(client, resident):
    client.force_login(resident)
    listings = [published() for _ in range(MAX_REPORTS_PER_DAY + 1)]
    for listing in listings[:MAX_REPORTS_PER_DAY]:
        assert client.post(report_url(listing), {"reason": "spam"}).status_code == 302

    response = client.post(report_url(listings[-1]), {"reason": "spam"})

    assert response.status_code == 200
    assert "You have sent many reports today" in text(response)
    assert ListingReport.objects.count() == MAX_REPORTS_PER_DAY


def test_a_reason_is_required_and_details_are_limited(client, resident, listing):
    client.force_login(resident)

    no_reason = BeautifulSoup(
        client.post(report_url(listing), {"details": "変です"}).content,
        "html.parser",
    )
    too_long = BeautifulSoup(
        client.post(report_url(listing), {"reason": "other", "details": "あ" * 1001}).content,
        "html.parser",
    )

    assert "Choose what is wrong with the listing." in no_reason.select_one(".errorlist").text
    assert no_reason.select_one("textarea[name=details]").text.strip() == "変です"
    assert too_long.select_one(".field--error textarea[name=details]") is not None
    assert not ListingReport.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, listing):
    response = client.post(report_url(listing), {"reason": "spam"})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not ListingReport.objects.exists()


def test_a_listing_hidden_by_the_coordinators_cannot_be_reported(
    client, resident, coordinator, listing
):
    moderate_listing(listing=listing, by=coordinator, hidden=True, featured=False)
    client.force_login(resident)

    assert client.post(report_url(listing), {"reason": "spam"}).status_code == 404
    assert not ListingReport.objects.exists()
