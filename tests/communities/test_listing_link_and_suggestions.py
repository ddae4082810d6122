"""Listings linked to a community, "Communities for you" and the newcomer's guide."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import CommunityKind
from communities.suggestions import communities_for_user
from listings.models import Category, Listing
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_organiser_links_a_listing_only_to_a_community_they_organise(
    client, open_community, organiser, make_community
):
    other = make_community(by=UserFactory(), name="別のサークル")
    listing = ListingFactory(owner=organiser, status="published", published_at=timezone.now())
    client.force_login(organiser)
    url = reverse("listings:edit", args=[listing.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["community"].queryset) == [open_community]
    data = {
        "kind": "skill",
        "direction": "offer",
        "title": listing.title,
        "description": listing.description,
        "category": listing.category_id,
        "language": "ja",
        "terms": "free",
        "action": "save",
        "community": other.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "community" in response.context["form"].errors
    client.post(url, {**data, "community": open_community.pk})
    listing.refresh_from_db()
    assert listing.community == open_community
    page = client.get(reverse("listings:detail", args=[listing.pk])).content.decode()
    assert reverse("communities:detail", args=[open_community.pk]) in page
    assert "data-community-link" in page


def test_someone_who_organises_nothing_sees_no_community_field(client, resident):
    client.force_login(resident)
    assert "community" not in client.get(reverse("listings:create")).context["form"].fields


def test_the_community_page_lists_upcoming_activities_by_date_and_other_listings(
    client, open_community, organiser
):
    now = timezone.now()
    for title, days in [("後の会", 10), ("先の会", 2), ("終わった会", -3)]:
        ListingFactory(
            owner=organiser,
            kind="activity",
            title=title,
            status="published",
            published_at=now,
            activity_starts_at=now + datetime.timedelta(days=days),
            community=open_community,
        )
    ListingFactory(
        owner=organiser,
        title="おもちゃ",
        status="published",
        published_at=now,
        community=open_community,
    )
    ListingFactory(owner=organiser, title="下書き", community=open_community)
    response = client.get(reverse("communities:detail", args=[open_community.pk]))
    assert [listing.title for listing in response.context["upcoming"]] == ["先の会", "後の会"]
    others = {listing.title for listing in response.context["other_listings"]}
    assert others == {"終わった会", "おもちゃ"}


def test_newcomers_see_newcomer_communities_first(make_community, organiser):
    Category.objects.get(slug="childcare")
    newcomer_one = make_community(
        by=organiser,
        name="ブラジル人コミュニティ",
        kind=CommunityKind.NEWCOMER,
        category=Category.objects.get(slug="newcomers"),
        area="北山",
    )
    circle = make_community(by=organiser, name="城東の子育て", area="城東")
    circle.featured = True
    circle.save(update_fields=["featured"])
    newcomer = UserFactory(
        profile__area="城東", profile__moved_in=timezone.localdate() - datetime.timedelta(days=30)
    )
    settled = UserFactory(profile__area="城東")
    assert communities_for_user(newcomer) == [newcomer_one, circle]
    assert communities_for_user(settled) == [circle]


def test_the_home_page_shows_communities_for_you(client, demo_site, make_community, organiser):
    make_community(by=organiser, name="城東の子育て", area="城東")
    client.force_login(UserFactory(profile__area="城東"))
    html = client.get("/ja/").content.decode()
    assert "城東の子育て" in html


def test_the_newcomers_guide_shows_newcomer_communities(
    client, demo_site, make_community, organiser
):
    make_community(
        by=organiser,
        name="ベトナム人コミュニティ",
        kind=CommunityKind.NEWCOMER,
        category=Category.objects.get(slug="newcomers"),
    )
    make_community(by=organiser, name="ただのサークル")
    from cms.models import GuidePage

    guide = GuidePage.objects.get(slug="newcomers-guide", locale__language_code="ja")
    html = client.get(guide.url).content.decode()
    assert "ベトナム人コミュニティ" in html and "ただのサークル" not in html


def test_listings_outlive_their_community(open_community, organiser):
    listing = ListingFactory(owner=organiser, community=open_community)
    open_community.delete()
    assert Listing.objects.get(pk=listing.pk).community is None
