"""The public sees a listing's place only as the centre of a ~500 m grid cell."""

import math

import pytest

from listings.models import Listing


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
