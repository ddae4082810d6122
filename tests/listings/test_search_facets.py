"""Facets on the search page: language, free only and distance count exactly what choosing them
shows, and the total agrees with the results."""

import pytest
from bs4 import BeautifulSoup

from listings.filters import ListingFilter
from listings.models import Area, Listing
from listings.services import submit_listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

INDEX = "/en/listings/"
# Inuyama station and places at known distances from it (1 km ≈ 0.009° of latitude).
STATION = (35.3797, 136.9446)


def publish(**fields) -> Listing:
    listing = ListingFactory(**fields)
    return submit_listing(listing=listing, by=listing.owner)


def north_of_station(km: float) -> dict:
    return {"latitude": STATION[0] + km / 111.32, "longitude": STATION[1]}


@pytest.fixture
def board():
    return {
        "ja_free": publish(title="畑の野菜", language="ja", terms="free"),
        "ja_vi_fee": publish(
            title="日本語の宿題",
            language="ja",
            spoken_languages=["ja", "vi"],
            terms="fee",
            fee_amount=500,
        ),
        "vi_free": publish(title="Dạy tiếng Việt", language="vi", terms="free"),
        "en_exchange": publish(
            title="English conversation",
            language="en",
            spoken_languages=["en", "ja"],
            terms="exchange",
        ),
        "pt_free": publish(title="Aulas de português", language="pt", terms="free"),
    }


def listed(response) -> set[str]:
    return {listing.title for listing in response.context["page_obj"].paginator.object_list}


def facet_counts(facets) -> dict[str, int]:
    return {facet.value: facet.count for facet in facets if facet.count}


def test_language_matches_the_text_language_or_a_language_the_poster_uses(client, board):
    response = client.get(INDEX, {"language": "vi"})

    assert listed(response) == {"日本語の宿題", "Dạy tiếng Việt"}
    assert response.context["page_obj"].paginator.count == 2


def test_language_facet_counts_agree_with_what_each_choice_shows(client, board):
    counts = facet_counts(client.get(INDEX).context["language_facets"])

    assert counts == {"ja": 3, "vi": 2, "en": 1, "pt": 1}
    for code, count in counts.items():
        response = client.get(INDEX, {"language": code})
        assert len(listed(response)) == count == response.context["page_obj"].paginator.count


def test_free_only_keeps_free_listings_and_its_count_agrees(client, board):
    everything = client.get(INDEX)
    assert everything.context["free_facet"].count == 3

    response = client.get(INDEX, {"free": "1"})

    assert listed(response) == {"畑の野菜", "Dạy tiếng Việt", "Aulas de português"}
    assert response.context["page_obj"].paginator.count == 3
    assert response.context["free_facet"].selected
    label = BeautifulSoup(everything.content, "html.parser").find("label", attrs={"for": "id_free"})
    assert label.get_text(strip=True) == "Free only (3)"


def test_language_and_free_combine_and_each_facet_counts_under_the_other(client, board):
    response = client.get(INDEX, {"language": "vi", "free": "1"})

    assert listed(response) == {"Dạy tiếng Việt"}
    assert response.context["page_obj"].paginator.count == 1
    # Free only stays chosen while counting languages, and the reverse.
    assert facet_counts(response.context["language_facets"]) == {"ja": 1, "vi": 1, "pt": 1}
    assert response.context["free_facet"].count == 1


def test_facets_follow_the_keywords(client, board):
    response = client.get(INDEX, {"q": "日本語", "language": "vi"})

    assert listed(response) == {"日本語の宿題"}
    assert facet_counts(response.context["language_facets"]) == {"ja": 1, "vi": 1}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"language": "klingon"}, "language"),
        ({"language": "VI<script>"}, "language"),
        ({"free": "maybe"}, "free"),
    ],
)
def test_bad_values_are_form_errors_and_their_filter_is_left_out(client, board, data, field):
    response = client.get(INDEX, data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert response.context["page_obj"].paginator.count == 5


@pytest.mark.parametrize("value", ["0", "", "false"])
def test_free_no_means_every_listing(client, board, value):
    assert client.get(INDEX, {"free": value}).context["page_obj"].paginator.count == 5


def test_a_text_language_seen_on_listings_is_accepted(board):
    publish(title="Klase sa Ilokano", language="ilo")

    known = ListingFilter({"language": "ilo"}, queryset=Listing.objects.published())
    assert "language" in known.errors
    seen = ListingFilter(
        {"language": "ilo"}, queryset=Listing.objects.published(), languages=["ilo"]
    )
    assert not seen.errors
    assert [listing.title for listing in seen.qs] == ["Klase sa Ilokano"]


@pytest.fixture
def places():
    return {
        km: publish(title=f"{km} km north", **north_of_station(km)) for km in (0.5, 2, 4, 8, 20)
    } | {"nowhere": publish(title="No place given")}


@pytest.mark.parametrize("radius", [1, 3, 5, 10])
def test_distance_counts_agree_with_what_each_radius_shows(client, places, radius):
    point = {"lat": STATION[0], "lon": STATION[1]}
    counts = facet_counts(client.get(INDEX, point).context["distance_facets"])
    assert counts == {"1": 1, "3": 2, "5": 3, "10": 4}

    response = client.get(INDEX, {**point, "km": radius})

    assert response.context["page_obj"].paginator.count == counts[str(radius)]
    assert len(listed(response)) == counts[str(radius)]


def test_distance_from_an_area_uses_its_centre(client, places):
    Area.objects.create(name="犬山駅前", latitude=STATION[0], longitude=STATION[1])

    response = client.get(INDEX, {"near": "犬山駅前", "km": 3})

    assert listed(response) == {"0.5 km north", "2 km north"}
    assert facet_counts(response.context["distance_facets"]) == {"1": 1, "3": 2, "5": 3, "10": 4}


def test_distance_combines_with_other_facets(client, places):
    Listing.objects.filter(title="2 km north").update(kind="item")
    point = {"lat": STATION[0], "lon": STATION[1], "km": 5}

    response = client.get(INDEX, {**point, "kind": "skill"})

    assert listed(response) == {"0.5 km north", "4 km north"}
    assert facet_counts(response.context["kind_facets"]) == {"skill": 2, "item": 1}
    assert facet_counts(response.context["distance_facets"]) == {"1": 1, "3": 1, "5": 2, "10": 3}
