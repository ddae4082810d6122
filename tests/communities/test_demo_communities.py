"""The demo communities: five kinds of community, members, posts, linked listings; idempotent."""

import pytest

from accounts.demo import create_demo_users
from communities.demo import create_demo_communities
from communities.models import BoardPost, Community, CommunityMember, MemberStatus
from listings.demo import create_demo_listings
from messaging.models import Membership

pytestmark = pytest.mark.django_db


def test_demo_communities_are_made_once_with_members_posts_and_listings():
    create_demo_users()
    create_demo_listings()
    communities = create_demo_communities()
    assert len(communities) == 5
    assert {c.kind for c in communities} == {"circle", "newcomer"}
    assert {c.category.slug for c in communities} >= {"childcare", "hobbies", "welfare"}
    assert any("vi" in c.languages for c in communities)
    assert any("pt" in c.languages for c in communities)
    assert BoardPost.objects.filter(parent__isnull=True).count() >= 5
    assert all(c.listings.exists() for c in communities)
    for community in communities:
        active = set(
            community.members.filter(status=MemberStatus.ACTIVE).values_list("user", flat=True)
        )
        chat = set(
            Membership.objects.filter(
                conversation=community.conversation, left_at__isnull=True
            ).values_list("user", flat=True)
        )
        assert active == chat and len(active) >= 2
    counts = (Community.objects.count(), CommunityMember.objects.count(), BoardPost.objects.count())
    create_demo_communities()
    assert counts == (
        Community.objects.count(),
        CommunityMember.objects.count(),
        BoardPost.objects.count(),
    )
