"""Features that own a group's membership (a community's chat) keep it in sync with
`sync_group_members`: the missing are added or brought back, the others removed and told."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from messaging import events, services
from messaging.models import Conversation, ConversationKind, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def active_ids(conversation) -> set[int]:
    return set(
        Membership.objects.filter(conversation=conversation, left_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )


def test_open_group_makes_exactly_the_given_members(resident, other_resident):
    group = services.open_group(
        created_by=resident, title=" 子育てサークル ", members=[other_resident]
    )

    assert (group.kind, group.title, group.created_by_id) == (
        ConversationKind.GROUP,
        "子育てサークル",
        resident.pk,
    )
    assert active_ids(group) == {other_resident.pk}


def test_open_group_needs_a_title(resident):
    with pytest.raises(ValidationError):
        services.open_group(created_by=resident, title="  ", members=[resident])
    assert not Membership.objects.exists()


def test_sync_adds_brings_back_and_removes(
    resident, other_resident, monkeypatch, django_capture_on_commit_callbacks
):
    third = UserFactory()
    group = services.open_group(created_by=resident, title="circle", members=[resident, third])
    services.leave_conversation(user=third, conversation_id=group.pk)
    sent = []
    monkeypatch.setattr(events, "send_now", lambda user_ids, event: sent.append((user_ids, event)))

    with django_capture_on_commit_callbacks(execute=True):
        added, removed = services.sync_group_members(
            conversation=group, member_ids=[other_resident.pk, third.pk]
        )

    assert (added, removed) == (2, 1)
    assert active_ids(group) == {other_resident.pk, third.pk}
    assert sent == [([resident.pk], {"type": "messaging.left", "conversation": group.pk})]
    with pytest.raises(Http404):
        services.access_conversation(resident, group.pk)


def test_sync_refuses_a_direct_conversation(resident):
    direct = Conversation(kind=ConversationKind.DIRECT)
    with pytest.raises(ValidationError):
        services.sync_group_members(conversation=direct, member_ids=[resident.pk])
