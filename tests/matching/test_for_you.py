"""The "For you" section of a resident's home page: suggestions from their listings and their
profile, a newcomer's newcomer offers and Japanese classes first, "not relevant" hides one,
nothing for anonymous visitors, and a bounded number of queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from listings.models import Area, Category, Listing
from matching.for_you import suggestions_for_user
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db

HOME = "/ja/"


def published(*, days_ago: float = 1, category: str = "digital", **fields) -> Listing:
    now = timezone.now()
    return ListingFactory(
        status="published",
        published_at=now - datetime.timedelta(days=days_ago),
        expires_at=now + datetime.timedelta(days=30),
        category=Category.objects.get(slug=category),
        **fields,
    )


def for_you_section(response):
    return BeautifulSoup(response.content, "html.parser").find(
        "section", attrs={"aria-labelledby": "for-you-heading"}
    )


def titles(section) -> list[str]:
    return [h3.get_text(strip=True) for h3 in section.select("li.suggestion h3")]


@pytest.fixture
def phone_help(resident, other_resident):
    """The resident asks for help with a smartphone; a neighbour teaches it."""
    asked = published(
        owner=resident,
        direction="request",
        title="スマホの使い方を教えてほしい",
        description="LINEで孫に写真を送りたいです。",
        tags=["スマホ", "LINE"],
    )
    teaches = published(
        owner=other_resident,
        title="スマホの使い方を教えます",
        description="LINEの登録や写真の送り方など、ゆっくりお教えします。",
        tags=["スマホ", "LINE"],
    )
    return asked, teaches


def test_a_resident_sees_what_answers_their_listings_with_reasons_and_feedback(
    client, demo_site, resident, phone_help
):
    asked, teaches = phone_help
    own_offer = published(owner=resident, title="スマホの充電器をゆずります", kind="item")
    unrelated = published(
        category="nature-farming",
        kind="space",
        title="畑をお貸しします",
        description="小さな畑です。",
    )
    client.force_login(resident)

    section = for_you_section(client.get(HOME))

    assert section is not None
    assert section.h2.get_text(strip=True) == "あなたへのおすすめ"
    shown = titles(section)
    assert shown[0] == teaches.title
    assert asked.title not in shown
    assert own_offer.title not in shown
    assert unrelated.title not in shown
    card = section.select_one("li.suggestion")
    reasons = [li.get_text(strip=True) for li in card.select(".suggestion__reasons li")]
    assert any("IT・スマホ" in reason for reason in reasons)  # the same category
    assert any(reason.startswith(("Keywords", "キーワード")) for reason in reasons), reasons
    form = card.find("form")
    assert form["action"] == "/ja/matching/feedback/"
    assert form.find("input", attrs={"name": "suggested"})["value"] == str(teaches.pk)
    assert form.find("input", attrs={"name": "listing"})["value"] == ""
    assert form.find("input", attrs={"name": "next"})["value"] == HOME
    verdicts = {button["value"] for button in form.find_all("button", attrs={"name": "verdict"})}
    assert verdicts == {"helped", "not_relevant"}


def test_the_profile_brings_offers_of_the_residents_interests_nearest_first(resident):
    Area.objects.update_or_create(name="城東", defaults={"latitude": 35.38, "longitude": 136.94})
    resident.profile.area = "城東"
    resident.profile.spoken_languages = ["ja", "vi"]
    resident.profile.save()
    resident.profile.interests.set([Category.objects.get(slug="childcare")])
    far = published(category="childcare", title="子育ての相談にのります", area="北山")
    near = published(
        category="childcare",
        title="子どもの一時預かりをします",
        area="城東",
        latitude=35.381,
        longitude=136.941,
        spoken_languages=["vi"],
        days_ago=5,
    )
    only_the_town = published(category="food", kind="activity", title="料理教室", area="城東")
    request = published(category="childcare", direction="request", title="保育園の送迎を頼みたい")

    suggestions = suggestions_for_user(resident)

    shown = [s.listing for s in suggestions]
    assert shown[:2] == [near, far]
    assert only_the_town not in shown  # sharing only the area is not enough
    assert request not in shown  # the profile looks for offers
    reasons = {reason.code: str(reason) for reason in suggestions[0].reasons}
    assert "子育て" in reasons["category"]
    assert "ベトナム語" in reasons["language"]
    assert {"distance", "area"} & set(reasons)


def test_a_newcomer_sees_newcomer_offers_and_a_japanese_class_first(client, demo_site, resident):
    resident.profile.moved_in = timezone.localdate() - datetime.timedelta(days=200)
    resident.profile.area = "城東"
    resident.profile.save()
    resident.profile.interests.set([Category.objects.get(slug="childcare")])
    childcare = published(
        category="childcare", kind="skill", title="子育ての相談にのります", area="城東"
    )
    japanese = published(
        category="languages",
        kind="skill",
        title="やさしい日本語教室",
        description="外国から来た方のための日本語教室です。",
        days_ago=20,
    )
    community = published(
        category="newcomers",
        kind="activity",
        title="外国から来た人の交流会",
        description="毎月第一土曜日に公民館で集まります。",
        days_ago=25,
    )
    english = published(category="languages", kind="skill", title="英会話を教えます", days_ago=2)
    client.force_login(resident)

    shown = titles(for_you_section(client.get(HOME)))

    assert set(shown[:2]) == {japanese.title, community.title}
    assert childcare.title in shown[2:]
    assert english.title not in shown[:2]
    first = suggestions_for_user(resident)[:2]
    with translation.override("en"):
        assert {str(s.reasons[0]) for s in first} == {
            "A Japanese class",
            "For people new to the city",
        }
    with translation.override("ja"):
        assert {str(s.reasons[0]) for s in first} == {"日本語教室", "市に越してきて間もない方へ"}


def test_a_resident_who_moved_here_long_ago_gets_no_newcomer_offers_first(resident):
    resident.profile.moved_in = timezone.localdate() - datetime.timedelta(days=365 * 3)
    resident.profile.save()
    resident.profile.interests.set([Category.objects.get(slug="childcare")])
    childcare = published(category="childcare", kind="skill", title="子育ての相談にのります")
    published(category="languages", kind="skill", title="やさしい日本語教室", days_ago=20)

    shown = [s.listing for s in suggestions_for_user(resident)]

    assert shown == [childcare]


def test_a_resident_with_nothing_to_go_on_is_told_how_to_get_suggestions(
    client, demo_site, resident
):
    client.force_login(resident)

    section = for_you_section(client.get(HOME))

    assert section is not None
    assert not section.select("li.suggestion")
    assert section.select_one('a[href="/ja/accounts/profile/"]') is not None


def test_anonymous_visitors_see_no_for_you_section(client, demo_site, phone_help):
    response = client.get(HOME)

    assert response.status_code == 200
    assert for_you_section(response) is None
    assert suggestions_for_user(AnonymousUser()) == []


def test_not_relevant_hides_a_suggestion_from_for_you(client, demo_site, resident, phone_help):
    _asked, teaches = phone_help
    other = published(
        owner=UserFactory(),
        title="スマホ教室を開きます",
        description="LINEの使い方を一緒に練習します。",
        tags=["スマホ", "LINE"],
    )
    client.force_login(resident)
    assert {teaches.title, other.title} <= set(titles(for_you_section(client.get(HOME))))

    response = client.post(
        "/ja/matching/feedback/",
        {"suggested": teaches.pk, "listing": "", "verdict": "not_relevant", "next": HOME},
    )

    assert response.status_code == 302
    assert response["Location"] == HOME
    shown = titles(for_you_section(client.get(HOME)))
    assert teaches.title not in shown
    assert other.title in shown
    # Only in "for you": the same offer is still suggested for the resident's request.
    from matching.suggestions import suggestions_for_listing

    assert teaches in [s.listing for s in suggestions_for_listing(_asked, viewer=resident)]


def test_the_home_page_makes_a_bounded_number_of_queries(
    client, demo_site, resident, django_assert_max_num_queries
):
    """A newcomer with an area, two interests and three listings: about 25 queries for "for
    you" (four per listing, four for the profile, four for the newcomer offers, a few for the
    profile and the feedback), however many listings there are to choose from."""
    resident.profile.moved_in = timezone.localdate() - datetime.timedelta(days=30)
    resident.profile.area = "城東"
    resident.profile.save()
    resident.profile.interests.set(Category.objects.filter(slug__in=["childcare", "food"]))
    Area.objects.update_or_create(name="城東", defaults={"latitude": 35.38, "longitude": 136.94})
    for i, slug in enumerate(["digital", "childcare", "food"]):
        published(owner=resident, direction="request", category=slug, title=f"手伝ってほしい {i}")
    slugs = ["digital", "childcare", "food", "newcomers", "languages"]

    def add_offers(count):
        for i in range(count):
            published(
                category=slugs[i % 5], title=f"日本語で手伝います {i}", area="城東", days_ago=i
            )

    add_offers(10)
    client.force_login(resident)
    client.get(HOME)  # warm the per-process caches (synonyms, settings)
    with CaptureQueriesContext(connection) as fewer:
        client.get(HOME)
    add_offers(25)

    with django_assert_max_num_queries(50):
        response = client.get(HOME)

    assert len(titles(for_you_section(response))) == 8
    with CaptureQueriesContext(connection) as more:
        client.get(HOME)
    assert len(more) == len(fewer)
