"""“My applications” and the applicants page: what they show, and a constant number of
queries whatever the number of applications."""

import pytest

from listings.applications.services import apply_to_activity, cancel_application
from listings.models import ApprovalMode
from tests.accounts.markup import parse
from tests.factories import UserFactory
from tests.listings.application_fixtures import (
    MY_APPLICATIONS_URL,
    activity,
    applicants_url,
    residents,
)

pytestmark = pytest.mark.django_db


def test_my_applications_shows_each_status(client, resident):
    confirmed = activity()
    waiting = activity(capacity=1)
    apply_to_activity(listing_id=waiting.pk, applicant=UserFactory())
    pending = activity(approval_mode=ApprovalMode.APPROVAL)
    cancelled = activity()
    mine = {
        listing.pk: apply_to_activity(listing_id=listing.pk, applicant=resident)
        for listing in (confirmed, waiting, pending, cancelled)
    }
    cancel_application(application_id=mine[cancelled.pk].pk, by=resident)
    client.force_login(resident)

    page = parse(client.get(MY_APPLICATIONS_URL))

    statuses = {
        card["id"]: card["data-status"] for card in page.select("[data-section=active] .card")
    }
    assert statuses == {
        f"application-{mine[confirmed.pk].pk}": "confirmed",
        f"application-{mine[waiting.pk].pk}": "waitlisted",
        f"application-{mine[pending.pk].pk}": "applied",
    }
    past = page.select("[data-section=past] .card")
    assert [card["data-status"] for card in past] == ["cancelled"]
    assert past[0].find("form") is None
    assert "On the waiting list" in page.get_text()


def test_my_applications_is_mine_only(client, resident, other_resident):
    listing = activity()
    apply_to_activity(listing_id=listing.pk, applicant=other_resident)
    client.force_login(resident)

    page = parse(client.get(MY_APPLICATIONS_URL))

    assert page.select(".card") == []
    assert "You have not applied to any activity yet." in page.get_text()


def test_anonymous_visitors_log_in_first(client):
    assert client.get(MY_APPLICATIONS_URL).status_code == 302


def test_my_applications_query_count_is_constant(client, resident, django_assert_max_num_queries):
    for _ in range(8):
        apply_to_activity(listing_id=activity().pk, applicant=resident)
    client.force_login(resident)
    client.get(MY_APPLICATIONS_URL)

    # the base page's (session, user, profile, site, settings, menu, permissions) and one for
    # the applications with their activities, settings and categories
    with django_assert_max_num_queries(12) as few:
        client.get(MY_APPLICATIONS_URL)
    baseline = len(few)
    for _ in range(8):
        apply_to_activity(listing_id=activity().pk, applicant=resident)
    with django_assert_max_num_queries(baseline):
        assert len(parse(client.get(MY_APPLICATIONS_URL)).select(".card")) == 16


def test_applicants_page_query_count_is_constant(client, django_assert_max_num_queries):
    listing = activity(capacity=5, questions=[{"text": "?"}])
    for person in residents(4):
        apply_to_activity(listing_id=listing.pk, applicant=person)
    client.force_login(listing.owner)
    client.get(applicants_url(listing))

    # the base page's, the listing, the coordinator check, the settings, the questions and
    # the applications with their applicants' profiles
    with django_assert_max_num_queries(17) as few:
        client.get(applicants_url(listing))
    baseline = len(few)
    for person in residents(8):
        apply_to_activity(listing_id=listing.pk, applicant=person)
    client.get(applicants_url(listing))  # the bell counts the new notifications once
    with django_assert_max_num_queries(baseline):
        page = parse(client.get(applicants_url(listing)))
    assert len(page.select(".card")) == 12
    assert page.select_one("[data-count=waitlisted]").get_text() == "7"


def test_the_listing_page_panel_asks_little(client, resident, django_assert_max_num_queries):
    listing = activity(questions=[{"text": "?"}])
    client.force_login(resident)
    client.get(f"/en/listings/{listing.pk}/")
    with django_assert_max_num_queries(30) as counted:
        client.get(f"/en/listings/{listing.pk}/")
    panel = [q["sql"] for q in counted.captured_queries if "application" in q["sql"].lower()]
    assert len(panel) <= 4
