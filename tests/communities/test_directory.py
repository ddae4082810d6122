"""The directory: filters, Japanese and accent-free search with the listings' analysis,
featured first, hidden ones gone, a fixed number of queries."""

import pytest
from django.urls import reverse

from communities.models import Community, CommunityKind
from listings.models import Area, Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(make_community, organiser):
    Area.objects.get_or_create(name="城東")
    Area.objects.get_or_create(name="駅前")
    newcomers = Category.objects.get(slug="newcomers")
    return {
        "parenting": make_community(by=organiser),
        "vietnamese": make_community(
            by=organiser,
            name="ベトナム人コミュニティ",
            description="ベトナムから来た人の集まりです。",
            kind=CommunityKind.NEWCOMER,
            category=newcomers,
            area="駅前",
            languages=["vi", "ja"],
        ),
        "brazilian": make_community(
            by=organiser,
            name="Comunidade de língua portuguesa",
            description="Encontro mensal para quem fala português.",
            kind=CommunityKind.NEWCOMER,
            category=newcomers,
            area="駅前",
            languages=["pt"],
        ),
        "pc": make_community(
            by=organiser,
            name="パソコン同好会",
            description="シニアのためのパソコン教室です。",
            category=Category.objects.get(slug="digital"),
            area="本町",
        ),
    }


def _names(response) -> list[str]:
    return [community.name for community in response.context["communities"]]


def _search(client, **params) -> list[str]:
    response = client.get(reverse("communities:index"), params)
    assert response.status_code == 200
    return _names(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ベトナム", "ベトナム人コミュニティ"),
        ("ぱそこん", "パソコン同好会"),
        ("ﾊﾟｿｺﾝ", "パソコン同好会"),
        ("portugues", "Comunidade de língua portuguesa"),
        ("Vietnamese", "ベトナム人コミュニティ"),
        ("子育て", "城東子育てサークル"),
    ],
)
def test_keyword_search_uses_the_listings_text_analysis(client, directory, query, expected):
    assert _search(client, q=query) == [expected]


def test_a_search_that_matches_nothing(client, directory):
    assert _search(client, q="囲碁") == []


def test_filters_by_kind_category_area_and_language(client, directory):
    assert set(_search(client, kind="newcomer")) == {
        "ベトナム人コミュニティ",
        "Comunidade de língua portuguesa",
    }
    assert _search(client, category="digital") == ["パソコン同好会"]
    assert _search(client, area="城東") == ["城東子育てサークル"]
    assert _search(client, language="vi") == ["ベトナム人コミュニティ"]
    assert _search(client, kind="newcomer", language="pt") == ["Comunidade de língua portuguesa"]


def test_a_bad_filter_value_is_shown_as_an_error_not_a_500(client, directory):
    response = client.get(reverse("communities:index"), {"kind": "nope", "q": "ベトナム"})
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert _names(response) == ["ベトナム人コミュニティ"]


def test_featured_first_and_hidden_gone(client, directory):
    Community.objects.filter(pk=directory["pc"].pk).update(featured=True)
    Community.objects.filter(pk=directory["parenting"].pk).update(hidden=True)
    names = _search(client)
    assert names[0] == "パソコン同好会"
    assert "城東子育てサークル" not in names


def test_a_hidden_community_404s_for_all_but_organisers_and_coordinators(
    client, directory, organiser, resident, coordinator, member_of
):
    community = directory["parenting"]
    member = member_of(community)
    Community.objects.filter(pk=community.pk).update(hidden=True)
    url = reverse("communities:detail", args=[community.pk])
    assert client.get(url).status_code == 404
    for user in (resident, member):
        client.force_login(user)
        assert client.get(url).status_code == 404
    for user in (organiser, coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_the_directory_has_a_fixed_number_of_queries(
    client, make_community, organiser, django_assert_max_num_queries
):
    for i in range(3):
        make_community(by=organiser, name=f"サークル{i}")
    url = reverse("communities:index")
    client.get(url, {"q": "サークル", "language": "ja"})
    with django_assert_max_num_queries(8) as few:
        client.get(url, {"q": "サークル", "language": "ja"})
    for i in range(3, 12):
        make_community(by=organiser, name=f"サークル{i}")
    with django_assert_max_num_queries(len(few)) as many:
        response = client.get(url, {"q": "サークル", "language": "ja"})
    assert len(_names(response)) == 12
    assert len(many) == len(few)


def test_the_detail_page_shows_the_public_part(client, directory, organiser):
    response = client.get(reverse("communities:detail", args=[directory["vietnamese"].pk]))
    html = response.content.decode()
    assert "ベトナムから来た人の集まりです。" in html
    assert "さくら" in html  # the organiser
    assert "Tiếng Việt" in html
