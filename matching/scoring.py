"""How well a listing answers another, as a weighted sum of components, each with its reason.

Every component scores 0–1 and may give the sentence that explains it (``reasons.Reason``);
``WEIGHTS`` is the one place the components are weighed against each other:

- ``text``: how much of what the one listing says the other says too — the IDF-weighted share of
  its content terms (``terms``, synonyms included) that the other listing holds, each term
  counted at the weight of the fields it sits in on both sides (title > tags > description).
  This is what lets a specific word beat a category: 習字 asked for under 子育て finds the 書道
  teacher under 芸術・文化.
- ``category``: the same category, then a parent or child, then a sibling.
- ``kind``: whether the other kind answers this one (``KIND_ANSWERS``).
- ``place``: distance between the two public places (grid-cell centres), else the same area.
- ``language``: whether the two can talk: a language both use; one other than Japanese is said.
- ``freshness``: newer listings first, down to nothing after ``FRESH_DAYS``.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from listings.models import Kind, Listing

from . import reasons
from .reasons import Reason

WEIGHTS = {
    "text": 0.50,
    "category": 0.15,
    "kind": 0.10,
    "place": 0.10,
    "language": 0.10,
    "freshness": 0.05,
}

# For a listing of one kind (key), the kinds that answer it on the other side, and how well.
KIND_ANSWERS = {
    Kind.SKILL: {Kind.SKILL: 1.0, Kind.ACTIVITY: 0.6},
    Kind.ITEM: {Kind.ITEM: 1.0},
    Kind.SPACE: {Kind.SPACE: 1.0},
    Kind.ACTIVITY: {Kind.ACTIVITY: 1.0, Kind.SKILL: 0.8},
}
CATEGORY_SCORES = {"same": 1.0, "parent": 0.6, "sibling": 0.4}
HALF_SCORE_KM = 2.0  # the place score halves at this distance
SAME_AREA = 0.6  # the place score of the same area when a distance cannot be measured
MAX_REASON_KM = 10.0
FRESH_DAYS = 60
SHARED_LANGUAGE = 0.6  # the language score when the only shared language is the site's own
HOME_LANGUAGE = "ja"
KEYWORD_REASON_MIN = 0.08  # the share of the text that must match to name keywords


@dataclass
class Side:
    """What one side of a match brings: a listing, or a resident looking ("for you")."""

    kind: str | None
    category_ids: frozenset[int]
    area: str
    place: tuple[float, float] | None  # public (grid-cell) coordinates
    languages: frozenset[str]
    terms: Mapping[str, float]  # term → field weight
    published_days_ago: float = 0.0
    listing: Listing | None = None


@dataclass
class Scored:
    listing_id: int
    score: float
    reasons: list[Reason] = field(default_factory=list)
    components: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class CategoryTree:
    """The category tree as parents by id, with names, for relating two categories."""

    parents: Mapping[int, int | None]

    def closest(self, mine: frozenset[int], theirs: int | None) -> str | None:
        """How ``theirs`` relates to the nearest of ``mine``: "same", "parent" (or child),
        "sibling", or None."""
        found = {self.relation(category_id, theirs) for category_id in mine}
        return next((r for r in ("same", "parent", "sibling") if r in found), None)

    def relation(self, a: int | None, b: int | None) -> str | None:
        if a is None or b is None:
            return None
        if a == b:
            return "same"
        if self.parents.get(a) == b or self.parents.get(b) == a:
            return "parent"
        parent = self.parents.get(a)
        if parent is not None and parent == self.parents.get(b):
            return "sibling"
        return None


def score(
    seeker: Side,
    candidate: Side,
    *,
    idf: Mapping[str, float],
    categories: CategoryTree,
    category_names: Mapping[int, object],
    explain: bool = True,
) -> Scored:
    """The weighted score of ``candidate`` for ``seeker`` and the reasons, strongest first;
    ``explain=False`` leaves out the keywords, the one reason that costs (for ranking many)."""
    parts = {
        "text": _text(seeker, candidate, idf, explain=explain),
        "category": _category(seeker, candidate, categories, category_names),
        "kind": _kind(seeker, candidate),
        "place": _place(seeker, candidate),
        "language": _language(seeker, candidate),
        "freshness": (max(0.0, 1.0 - candidate.published_days_ago / FRESH_DAYS), None),
    }
    total = sum(WEIGHTS[name] * value for name, (value, _reason) in parts.items())
    contributions = sorted(
        ((WEIGHTS[name] * value, reason) for name, (value, reason) in parts.items() if reason),
        key=lambda pair: -pair[0],
    )
    return Scored(
        listing_id=candidate.listing.pk if candidate.listing else 0,
        score=round(total, 4),
        reasons=[reason for _weight, reason in contributions],
        components={name: round(value, 4) for name, (value, _reason) in parts.items()},
    )


def _text(seeker: Side, candidate: Side, idf: Mapping[str, float], *, explain: bool):
    wanted = sum(weight * idf.get(term, 0.0) for term, weight in seeker.terms.items())
    if not wanted:
        return 0.0, None
    shared = {
        term: weight * candidate.terms[term] * idf.get(term, 0.0)
        for term, weight in seeker.terms.items()
        if term in candidate.terms
    }
    share = min(1.0, sum(shared.values()) / wanted)
    # A square root: sharing a third of a listing's words is already a strong match.
    value = math.sqrt(share)
    reason = None
    if explain and share >= KEYWORD_REASON_MIN and candidate.listing is not None:
        reason = reasons.keywords(candidate.listing, shared)
    return value, reason


def _category(seeker, candidate, categories: CategoryTree, names: Mapping[int, object]):
    theirs = next(iter(candidate.category_ids), None)
    relation = categories.closest(seeker.category_ids, theirs)
    if relation is None:
        return 0.0, None
    name = names.get(theirs, "")  # a Category: named when the reason is shown
    reason = reasons.same_category(name) if relation == "same" else reasons.near_category(name)
    return CATEGORY_SCORES[relation], reason


def _kind(seeker: Side, candidate: Side):
    if seeker.kind is None or candidate.kind is None:
        return 0.5, None
    return KIND_ANSWERS.get(seeker.kind, {}).get(candidate.kind, 0.0), None


def _place(seeker: Side, candidate: Side):
    if seeker.place and candidate.place:
        km = distance_km(seeker.place, candidate.place)
        value = 1.0 / (1.0 + km / HALF_SCORE_KM)
        return value, reasons.distance(km) if km <= MAX_REASON_KM else None
    if seeker.area and seeker.area == candidate.area:
        return SAME_AREA, reasons.same_area(candidate.area)
    return 0.0, None


def _language(seeker: Side, candidate: Side):
    shared = seeker.languages & candidate.languages
    if not shared:
        return 0.0, None
    other = sorted(shared - {HOME_LANGUAGE})
    if other:
        return 1.0, reasons.speaks(other)
    return SHARED_LANGUAGE, None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance, as the search's distance filter measures it."""
    north = (a[0] - b[0]) * 111.32
    east = (a[1] - b[1]) * 111.32 * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(north, east)


def inverse_document_frequency(documents: int, containing: int) -> float:
    """BM25's IDF: rare terms weigh most, a term in half the listings next to nothing."""
    return math.log(1.0 + (documents - containing + 0.5) / (containing + 0.5))
