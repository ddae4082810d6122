"""The public sees a listing's place only as the centre of a ~500 m grid cell."""

import math

import pytest

from listings.models import Listing
from tests.factories import ListingFactory


def _metres(a, b):
    dlat = (a[0] - b[0]) * 111_320
    dlon = (a[1] - b[1]) * 111_320 * math.cos(math.radians(a[0]))
    return math.hypot(dlat, dlon)


@pytest.mark.parametrize(
    "place", [(35.3881, 136.9393), (35.0, 137.0), (-33.8688, 151.2093), (35.38749, 136.93751)]
)
def test_approximate_place_is_near_but_not_exact(place):
    approximate = Listing(latitude=place[0], longitude=place[1]).approximate_location
    assert approximate != place
    assert _metres(place, approximate) < 400  # at most half the cell's diagonal


def test_every_place_in_a_cell_gives_the_same_answer():
    """Snapping, not jitter: looking many times reveals nothing more than looking once."""
    corner = (35.3851, 136.9351)
    inside = [(corner[0] + i * 0.0009, corner[1] + j * 0.0009) for i in range(5) for j in range(5)]
    answers = {Listing(latitude=a, longitude=b).approximate_location for a, b in inside}
    assert answers == {(35.3875, 136.9375)}


def test_no_place_no_approximation():
    assert Listing().approximate_location is None


@pytest.mark.django_db
def test_distances_are_measured_from_the_public_place_only():
    """Two listings in one grid cell are the same distance from anywhere, so probing with
    "near me" from many points cannot tell where in the cell either of them is."""
    west = ListingFactory(latitude=35.3852, longitude=136.9352)
    east = ListingFactory(latitude=35.3898, longitude=136.9398)
    for probe in [(35.3852, 136.9352), (35.3898, 136.9398), (35.40, 136.90)]:
        distances = dict(
            Listing.objects.filter(pk__in=[west.pk, east.pk])
            .annotate_distance(*probe)
            .values_list("pk", "distance_km")
        )
        assert distances[west.pk] == pytest.approx(distances[east.pk])
        assert Listing.objects.within_km(*probe, 1).filter(pk=west.pk).exists() == (
            Listing.objects.within_km(*probe, 1).filter(pk=east.pk).exists()
        )
