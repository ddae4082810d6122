"""Join, request and answer, leave, remove, roles, and the group chat kept in sync."""

import pytest
from django.urls import reverse

from accounts.models import Notification, NotificationKind
from accounts.notifications import present
from communities.models import CommunityMember, MemberRole, MemberStatus
from messaging.models import Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _in_chat(community) -> set[int]:
    return set(
        Membership.objects.filter(
            conversation=community.conversation, left_at__isnull=True
        ).values_list("user_id", flat=True)
    )


def _row(community, user) -> CommunityMember:
    return CommunityMember.objects.get(community=community, user=user)


def test_joining_an_open_community_makes_a_member_of_the_chat(client, open_community, resident):
    client.force_login(resident)
    response = client.post(reverse("communities:join", args=[open_community.pk]))
    assert response.status_code == 302
    assert _row(open_community, resident).status == MemberStatus.ACTIVE
    assert resident.pk in _in_chat(open_community)
    page = client.get(reverse("communities:detail", args=[open_community.pk])).content.decode()
    assert reverse("messaging:conversation", args=[open_community.conversation_id]) in page


def test_a_request_is_approved_by_an_organiser(client, closed_community, organiser, resident):
    client.force_login(resident)
    client.post(reverse("communities:join", args=[closed_community.pk]), {"message": "よろしく"})
    row = _row(closed_community, resident)
    assert row.status == MemberStatus.PENDING and row.request_message == "よろしく"
    assert resident.pk not in _in_chat(closed_community)
    notice = Notification.objects.get(recipient=organiser, kind=NotificationKind.COMMUNITY)
    assert notice.data["event"] == "join_request"
    text = present(notice)
    assert closed_community.name in text.sentence
    assert text.url == reverse("communities:members", args=[closed_community.pk])

    client.force_login(organiser)
    page = client.get(reverse("communities:members", args=[closed_community.pk]))
    assert "よろしく" in page.content.decode()
    client.post(reverse("communities:approve", args=[closed_community.pk, row.pk]))
    assert _row(closed_community, resident).status == MemberStatus.ACTIVE
    assert resident.pk in _in_chat(closed_community)
    told = Notification.objects.get(recipient=resident)
    assert told.data["event"] == "request_approved"


def test_a_request_is_declined(client, closed_community, organiser, resident):
    client.force_login(resident)
    client.post(reverse("communities:join", args=[closed_community.pk]))
    row = _row(closed_community, resident)
    client.force_login(organiser)
    client.post(reverse("communities:decline", args=[closed_community.pk, row.pk]))
    assert _row(closed_community, resident).status == MemberStatus.DECLINED
    assert resident.pk not in _in_chat(closed_community)
    assert Notification.objects.get(recipient=resident).data["event"] == "request_declined"


def test_leaving_takes_a_member_out_of_the_chat(client, open_community, member_of):
    member = member_of(open_community)
    assert member.pk in _in_chat(open_community)
    client.force_login(member)
    client.post(reverse("communities:leave", args=[open_community.pk]))
    assert _row(open_community, member).status == MemberStatus.LEFT
    assert member.pk not in _in_chat(open_community)


def test_the_last_organiser_cannot_leave_members_behind(
    client, open_community, organiser, member_of
):
    member_of(open_community)
    client.force_login(organiser)
    client.post(reverse("communities:leave", args=[open_community.pk]))
    assert _row(open_community, organiser).is_organiser


def test_an_organiser_removes_a_member_who_can_then_only_ask(
    client, open_community, organiser, member_of
):
    member = member_of(open_community)
    row = _row(open_community, member)
    client.force_login(organiser)
    client.post(reverse("communities:remove", args=[open_community.pk, row.pk]))
    assert _row(open_community, member).status == MemberStatus.REMOVED
    assert member.pk not in _in_chat(open_community)
    client.force_login(member)
    client.post(reverse("communities:join", args=[open_community.pk]))
    assert _row(open_community, member).status == MemberStatus.PENDING


def test_a_member_cannot_remove_approve_or_promote(client, closed_community, member_of):
    member = member_of(closed_community)
    other = member_of(closed_community)
    asking = UserFactory()
    client.force_login(asking)
    client.post(reverse("communities:join", args=[closed_community.pk]))
    request_row = _row(closed_community, asking)
    other_row = _row(closed_community, other)
    client.force_login(member)
    for name, pk in [
        ("remove", other_row.pk),
        ("make_organiser", other_row.pk),
        ("approve", request_row.pk),
        ("decline", request_row.pk),
    ]:
        response = client.post(reverse(f"communities:{name}", args=[closed_community.pk, pk]))
        assert response.status_code == 403
    assert client.get(reverse("communities:members", args=[closed_community.pk])).status_code == 403
    assert _row(closed_community, other).status == MemberStatus.ACTIVE
    assert _row(closed_community, other).role == MemberRole.MEMBER
    assert _row(closed_community, asking).status == MemberStatus.PENDING


def test_an_organiser_makes_a_member_an_organiser(client, open_community, organiser, member_of):
    member = member_of(open_community)
    client.force_login(organiser)
    row = _row(open_community, member)
    client.post(reverse("communities:make_organiser", args=[open_community.pk, row.pk]))
    assert _row(open_community, member).role == MemberRole.ORGANISER
    # Now the first organiser can leave: someone else organises.
    client.post(reverse("communities:leave", args=[open_community.pk]))
    assert _row(open_community, organiser).status == MemberStatus.LEFT
    client.force_login(member)
    assert client.get(reverse("communities:members", args=[open_community.pk])).status_code == 200


def test_an_organiser_cannot_be_removed(client, open_community, organiser, member_of):
    member = member_of(open_community)
    client.force_login(organiser)
    row = _row(open_community, member)
    client.post(reverse("communities:make_organiser", args=[open_community.pk, row.pk]))
    client.force_login(member)
    client.post(
        reverse("communities:remove", args=[open_community.pk, _row(open_community, organiser).pk])
    )
    assert _row(open_community, organiser).is_organiser


def test_join_and_leave_need_a_post_and_a_login(client, open_community):
    url = reverse("communities:join", args=[open_community.pk])
    assert client.post(url).status_code == 302
    assert CommunityMember.objects.filter(community=open_community).count() == 1
