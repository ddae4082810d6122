"""Communities to suggest: on a resident's home page ("Communities for you") and on the
newcomer's guide. A newcomer (``Profile.is_newcomer``) sees newcomer communities first."""

from django.db.models import Case, Q, Value, When

from .models import Community, CommunityKind, MemberStatus

DEFAULT_LIMIT = 4


def newcomer_communities(*, limit: int = 6) -> list[Community]:
    """Visible newcomer communities, featured first, then the largest: one query."""
    return list(
        Community.objects.visible()
        .filter(kind=CommunityKind.NEWCOMER)
        .select_related("category")
        .with_member_count()
        .order_by("-featured", "-member_count", "-created_at", "-pk")[:limit]
    )


def communities_for_user(user, *, limit: int = DEFAULT_LIMIT) -> list[Community]:
    """Up to ``limit`` visible communities ``user`` is not in (nor asked to join), in one
    query after the profile's interests: for a newcomer the newcomer communities first, then
    those of their interests, their area or a language they speak, featured first. None for
    an anonymous visitor, and none when nothing in the profile points anywhere."""
    if user is None or not user.is_authenticated:
        return []
    profile = getattr(user, "profile", None)
    if profile is None:
        return []
    newcomer = profile.is_newcomer
    interests = list(profile.interests.values_list("pk", flat=True))
    relevant = Q(category_id__in=interests) if interests else Q(pk__in=[])
    if profile.area:
        relevant |= Q(area=profile.area)
    communities = Community.objects.visible()
    for code in profile.spoken_languages or []:
        if code != "ja":  # almost every community uses Japanese: it says nothing
            relevant |= Q(pk__in=communities.in_language(code).values("pk"))
    if newcomer:
        relevant |= Q(kind=CommunityKind.NEWCOMER)
    mine = user.community_memberships.filter(
        status__in=[MemberStatus.ACTIVE, MemberStatus.PENDING]
    ).values("community_id")
    newcomer_first = (
        Case(When(kind=CommunityKind.NEWCOMER, then=Value(1)), default=Value(0))
        if newcomer
        else Value(0)
    )
    return list(
        communities.filter(relevant)
        .exclude(pk__in=mine)
        .select_related("category")
        .with_member_count()
        .alias(newcomer_first=newcomer_first)
        .order_by("-newcomer_first", "-featured", "-member_count", "-created_at", "-pk")[:limit]
    )
