"""Downloading everything Yui keeps about oneself, as a JSON file, and nobody else's."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Notification
from listings.models import Category
from matching.models import MatchAlert, SavedSearch, SuggestionFeedback
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = "/ja/accounts/export/"


@pytest.fixture
def detailed_resident(resident):
    profile = resident.profile
    profile.area = "城東"
    profile.spoken_languages = ["ja", "ne"]
    profile.moved_in = datetime.date(2025, 4, 1)
    profile.bio = "ネパール料理を教えられます。"
    profile.email_on_match = "never"
    profile.large_text = True
    profile.language = "en"
    profile.save()
    profile.interests.set(Category.objects.filter(slug__in=["food", "languages"]))
    EmailAddress.objects.create(user=resident, email="hanako.second@example.jp", verified=False)
    return resident


def test_export_is_a_json_attachment_that_is_not_cached(client, detailed_resident):
    client.force_login(detailed_resident)

    response = client.get(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    filename = f"yui-data-{timezone.localdate():%Y%m%d}.json"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Cache-Control"] == "no-store"
    # Japanese stays readable in the file rather than \\u escapes.
    assert "ネパール料理" in response.content.decode()


def test_export_holds_the_account_and_the_profile(client, detailed_resident):
    client.force_login(detailed_resident)

    data = json.loads(client.get(EXPORT_URL).content)

    account = data["account"]
    assert account["email"] == detailed_resident.email
    assert account["groups"] == []
    assert account["last_login"] is not None
    assert account["email_addresses"] == [
        {"email": detailed_resident.email, "verified": True, "primary": True},
        {"email": "hanako.second@example.jp", "verified": False, "primary": False},
    ]
    assert data["profile"] == {
        "display_name": "はなこ",
        "area": "城東",
        "spoken_languages": ["ja", "ne"],
        "interests": ["food", "languages"],
        "moved_in": "2025-04",
        "bio": "ネパール料理を教えられます。",
        "email_on_message": "immediately",
        "email_on_match": "never",
        "email_news": False,
        "large_text": True,
        "language": "en",
    }
    assert "password" not in json.dumps(data)


def test_coordinator_export_names_the_group(client, coordinator):
    client.force_login(coordinator)
    data = json.loads(client.get(EXPORT_URL).content)
    assert data["account"]["groups"] == ["Coordinators"]


def test_another_resident_downloads_only_their_own_data(client, detailed_resident, other_resident):
    client.force_login(other_resident)

    response = client.get(EXPORT_URL, {"user": detailed_resident.pk, "email": "x"})

    body = response.content.decode()
    data = json.loads(body)
    assert data["account"]["email"] == other_resident.email
    assert data["profile"]["display_name"] == "Minh"
    assert detailed_resident.email not in body
    assert "hanako.second@example.jp" not in body
    assert "ネパール料理" not in body
    assert "はなこ" not in body


def test_export_holds_listings_saved_searches_notifications_alerts_and_feedback(
    client, detailed_resident, other_resident
):
    mine = ListingFactory(owner=detailed_resident, title="ネパール料理を教えます")
    theirs = ListingFactory(owner=other_resident, title="Nepali cooking wanted")
    SavedSearch.objects.create(user=detailed_resident, query_string="q=料理")
    SavedSearch.objects.create(user=other_resident, query_string="q=secret")
    Notification.objects.create(recipient=detailed_resident, kind="match", listing=theirs)
    MatchAlert.objects.create(recipient=detailed_resident, listing=theirs, for_listing=mine)
    SuggestionFeedback.objects.create(
        user=detailed_resident, listing=mine, suggested=theirs, verdict="helped"
    )
    client.force_login(detailed_resident)

    data = json.loads(client.get(EXPORT_URL).content)

    assert [listing["title"] for listing in data["listings"]] == ["ネパール料理を教えます"]
    assert [search["search"] for search in data["saved_searches"]] == ["q=料理"]
    assert [(n["kind"], n["listing"], n["read_at"]) for n in data["notifications"]] == [
        ("match", theirs.pk, None)
    ]
    alerts = [(a["listing"], a["for_listing"]) for a in data["match_alerts"]]
    assert alerts == [(theirs.pk, mine.pk)]
    assert [(f["suggested"], f["verdict"]) for f in data["suggestion_feedback"]] == [
        (theirs.pk, "helped")
    ]


def test_export_query_count(client, detailed_resident, django_assert_max_num_queries):
    client.force_login(detailed_resident)
    # 11 for the account, profile, listings, searches, notifications, alerts and feedback; 6 for
    # applications, bookings, requests, communities, board posts and messages.
    with django_assert_max_num_queries(17):
        client.get(EXPORT_URL)


def take_part_in_everything(me, them):
    """``me`` applies, books, asks for an item, starts a community, posts on its board and
    writes in a group; ``them`` books and writes too. Returns the item ``me`` asked for."""
    from communities.models import CommunityKind, JoinPolicy
    from communities.services import create_community, post_to_board
    from listings.applications.services import apply_to_activity
    from listings.item_requests.services import request_item
    from messaging.services import open_group, send_message
    from tests.factories import make_bookable_space
    from tests.listings.application_fixtures import activity

    apply_to_activity(listing_id=activity().pk, applicant=me)
    room = make_bookable_space().rooms.get(name="和室")
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    for booker, purpose in ((me, "書道の練習"), (them, "secret")):
        room.bookings.create(
            booker=booker,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            purpose=purpose,
            people=2,
            status="cancelled" if booker == them else "confirmed",
        )
    stroller = ListingFactory(kind="item", direction="offer", status="published")
    stroller.published_at = timezone.now()
    stroller.save()
    request_item(listing=stroller, by=me, message="ほしいです")
    community = create_community(
        by=me,
        name="ネパール料理の会",
        description="月に一度集まります。",
        kind=CommunityKind.CIRCLE,
        category=Category.objects.get(slug="food"),
        area="城東",
        languages=["ja", "ne"],
        join_policy=JoinPolicy.OPEN,
        photo_alt_text="",
    )
    post_to_board(author=me, community=community, body="来週はモモを作ります")
    group = open_group(created_by=me, title="料理", members=[me, them])
    send_message(sender=me, conversation_id=group.pk, body="よろしく")
    send_message(sender=them, conversation_id=group.pk, body="not mine")
    return stroller


def test_export_holds_applications_bookings_requests_communities_posts_and_messages(
    client, detailed_resident, other_resident
):
    me = detailed_resident
    stroller = take_part_in_everything(me, other_resident)
    client.force_login(me)

    data = json.loads(client.get(EXPORT_URL).content)

    assert [a["status"] for a in data["applications"]] == ["confirmed"]
    assert [(b["place"], b["purpose"]) for b in data["bookings"]] == [
        ("ふれあいセンター 和室", "書道の練習")
    ]
    assert [(r["listing"], r["message"]) for r in data["item_requests"]] == [
        (stroller.pk, "ほしいです")
    ]
    assert [(c["community"], c["role"]) for c in data["communities"]] == [
        ("ネパール料理の会", "organiser")
    ]
    assert [p["text"] for p in data["board_posts"]] == ["来週はモモを作ります"]
    assert [m["text"] for m in data["messages_sent"]] == ["よろしく"]
