"""When the only organiser's account is deleted, the longest-standing member takes over, so
that requests to join are still answered; a community with another organiser is left as is."""

import pytest
from django.urls import reverse

from accounts.models import Notification
from accounts.notifications import present
from accounts.services import delete_account
from communities.models import CommunityMember, MemberRole
from communities.services import make_organiser

pytestmark = pytest.mark.django_db


def role_of(community, user) -> str:
    return CommunityMember.objects.get(community=community, user=user).role


def test_the_longest_standing_member_takes_over_and_is_told(closed_community, organiser, member_of):
    first, second = member_of(closed_community), member_of(closed_community)

    delete_account(user=organiser)

    assert role_of(closed_community, first) == MemberRole.ORGANISER
    assert role_of(closed_community, second) == MemberRole.MEMBER
    notice = Notification.objects.get(recipient=first, data__event="made_organiser_on_leaving")
    text = present(notice)
    assert closed_community.name in text.sentence
    assert text.url == reverse("communities:detail", args=[closed_community.pk])


def test_a_community_with_another_organiser_is_left_as_it_is(open_community, organiser, member_of):
    first, co_organiser = member_of(open_community), member_of(open_community)
    make_organiser(
        by=organiser,
        community=open_community,
        member_id=CommunityMember.objects.get(community=open_community, user=co_organiser).pk,
    )

    delete_account(user=organiser)

    assert role_of(open_community, first) == MemberRole.MEMBER
    assert role_of(open_community, co_organiser) == MemberRole.ORGANISER


def test_an_organiser_alone_leaves_an_empty_community(open_community, organiser):
    delete_account(user=organiser)

    assert not CommunityMember.objects.filter(community=open_community).exists()
