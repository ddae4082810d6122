"""axe-core finds no serious or critical problems on the pages residents use first."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from listings.services import submit_listing
from messaging.services import send_message, start_conversation
from tests.factories import ListingFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING_IMPACTS = {"serious", "critical"}
PUBLIC_PAGES = [
    "/{language}/",
    "/{language}/accounts/signup/",
    "/{language}/accounts/login/",
    "/{language}/guides/newcomers-guide/",
    "/{language}/news/",
    "/{language}/accounts/password/reset/",
]
ACCOUNT_PAGES = [
    "/{language}/accounts/",
    "/{language}/accounts/email/",
    "/{language}/accounts/password/change/",
    "/{language}/accounts/delete/",
]
TEXT = {
    "ja": {"save": "保存する", "moved_in": "転入した年月", "larger": "文字を大きく"},
    "en": {"save": "Save", "moved_in": "Moved here in", "larger": "Larger text"},
}


def blocking_violations(page) -> list[dict]:
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations_by_page: dict[str, list[dict]]) -> str:
    lines = []
    for where, violations in violations_by_page.items():
        for violation in violations:
            lines.append(f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
                if node.get("failureSummary"):
                    lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def open_page(page, path: str, language: str) -> None:
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    expect(page.locator("html")).to_have_attribute("lang", language)


def assert_no_blocking_violations(page, path_templates: list[str], language: str) -> None:
    found = {}
    for template in path_templates:
        path = template.format(language=language)
        open_page(page, path, language)
        if violations := blocking_violations(page):
            found[path] = violations
    assert not found, "axe found serious problems:\n" + describe(found)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_public_pages(demo_site, browser_page, language):
    assert_no_blocking_violations(browser_page, PUBLIC_PAGES, language)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_account_pages(resident, browser_page, log_in_as, language):
    log_in_as(resident)
    assert_no_blocking_violations(browser_page, ACCOUNT_PAGES, language)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_profile_form_before_and_after_a_failed_submit(resident, browser_page, log_in_as, language):
    page = browser_page
    log_in_as(resident)
    path = f"/{language}/accounts/profile/"
    open_page(page, path, language)
    found = {}
    if violations := blocking_violations(page):
        found[path] = violations

    page.get_by_label(TEXT[language]["moved_in"]).fill("2099-04")
    page.get_by_role("main").get_by_role("button", name=TEXT[language]["save"]).click()

    moved_in = page.get_by_label(TEXT[language]["moved_in"])
    expect(moved_in).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_moved_in_error")).to_be_visible()
    if violations := blocking_violations(page):
        found[f"{path} (with errors)"] = violations
    assert not found, "axe found serious problems:\n" + describe(found)


def test_large_text_mode_enlarges_the_page_and_keeps_it_usable(demo_site, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    open_page(page, "/ja/guides/newcomers-guide/", "ja")
    standard_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    page.get_by_role("button", name=TEXT["ja"]["larger"]).click()

    expect(page.locator("html")).to_have_class(re.compile(r"\blarge-text\b"))
    large_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert large_size >= standard_size * 1.2
    # WCAG 1.4.10 reflow: at 320 CSS pixels nothing needs sideways scrolling.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px in large-text mode"
    violations = blocking_violations(page)
    assert not violations, "axe found serious problems:\n" + describe({"large text": violations})


@pytest.mark.parametrize("language", ["ja", "en"])
def test_messaging_pages(resident, other_resident, browser_page, log_in_as, language):
    """The inbox, a conversation with messages (one with a phone number, masked) and its
    report page, and the notifications page."""
    listing = submit_listing(listing=ListingFactory(owner=other_resident), by=other_resident)
    conversation = start_conversation(listing=listing, by=resident)
    send_message(sender=resident, conversation_id=conversation.pk, body="こんにちは。")
    send_message(
        sender=other_resident, conversation_id=conversation.pk, body="電話は090-1234-5678です。"
    )
    log_in_as(resident)
    assert_no_blocking_violations(
        browser_page,
        [
            "/{language}/messages/",
            f"/{{language}}/messages/{conversation.pk}/",
            f"/{{language}}/messages/{conversation.pk}/report/",
            "/{language}/accounts/notifications/",
        ],
        language,
    )


@pytest.mark.parametrize("language", ["ja", "en"])
def test_taking_part_pages(resident, other_resident, browser_page, log_in_as, language):
    """Applications, bookings, "I'd like this" and communities, as a resident who took part in
    each and as the organiser who answers them."""
    from communities.services import join_community
    from listings.applications.services import apply_to_activity
    from tests.accounts.test_data_export import take_part_in_everything
    from tests.factories import make_bookable_space
    from tests.listings.application_fixtures import activity

    stroller = take_part_in_everything(other_resident, resident)
    community = other_resident.community_memberships.get().community
    join_community(user=resident, community=community)
    class_ = activity(owner=other_resident)
    apply_to_activity(listing_id=class_.pk, applicant=resident)
    centre = make_bookable_space(owner=other_resident)
    room = centre.rooms.first()
    bookings_page = f"/{{language}}/listings/{centre.listing_id}/calendar/?room={room.pk}"
    log_in_as(resident)
    assert_no_blocking_violations(
        browser_page,
        [
            "/{language}/communities/",
            f"/{{language}}/communities/{community.pk}/",
            f"/{{language}}/communities/{community.pk}/board/",
            "/{language}/communities/new/",
            f"/{{language}}/listings/{class_.pk}/",
            "/{language}/listings/applications/",
            bookings_page,
            f"/{{language}}/listings/{centre.listing_id}/calendar/day/",
            f"/{{language}}/listings/{centre.listing_id}/book/?room={room.pk}",
            "/{language}/listings/bookings/mine/",
            f"/{{language}}/listings/{stroller.pk}/",
            "/{language}/listings/my-requests/",
        ],
        language,
    )


@pytest.mark.parametrize("language", ["ja", "en"])
def test_organiser_pages(resident, other_resident, browser_page, log_in_as, language):
    from listings.applications.services import apply_to_activity
    from listings.item_requests.services import request_item
    from tests.factories import make_bookable_space
    from tests.listings.application_fixtures import activity

    class_ = activity(owner=resident, questions=[{"text": "何人ですか", "kind": "text"}])
    apply_to_activity(listing_id=class_.pk, applicant=other_resident, answers={})
    stroller = ListingFactory(owner=resident, kind="item", direction="offer")
    submit_listing(listing=stroller, by=resident)
    request_item(listing=stroller, by=other_resident, message="ほしいです")
    centre = make_bookable_space(owner=resident, requires_approval=True)
    log_in_as(resident)
    assert_no_blocking_violations(
        browser_page,
        [
            f"/{{language}}/listings/{class_.pk}/applications/",
            f"/{{language}}/listings/{class_.pk}/applications/settings/",
            f"/{{language}}/listings/{stroller.pk}/requests/",
            f"/{{language}}/listings/{centre.listing_id}/bookings/",
            f"/{{language}}/listings/{centre.listing_id}/booking-settings/",
            "/{language}/listings/mine/",
        ],
        language,
    )
