"""Suggestions: the best listings on the other side of a listing, with the reasons.

``suggestions_for_listing`` is what the listing page, the API, the coordinators' "find matches"
and the alerts use. Its cost is a fixed handful of queries (the categories, the seeker's search
document, the term frequencies, the candidates and their photos) and a bounded number of
candidates scored in Python (``candidates``), whatever the number of listings.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import F, Q, prefetch_related_objects
from django.utils import timezone

from listings.models import Category, Direction, Listing
from listings.search.synonyms import current_synonyms
from messaging.models import Block

from . import candidates as candidate_sources
from .models import SuggestionFeedback, Verdict
from .reasons import Reason
from .scoring import CategoryTree, Side, inverse_document_frequency, score
from .terms import term_weights, with_synonyms

DEFAULT_LIMIT = 6
# Below this a candidate shares next to nothing with the seeker (only the town, say): better no
# suggestion than a puzzling one.
MIN_SCORE = 0.3
OPPOSITE = {Direction.OFFER: Direction.REQUEST, Direction.REQUEST: Direction.OFFER}


@dataclass
class Suggestion:
    listing: Listing
    score: float
    reasons: list[Reason] = field(default_factory=list)
    components: dict[str, float] = field(default_factory=dict)


def suggestions_for_listing(
    listing: Listing,
    *,
    viewer=None,
    limit: int = DEFAULT_LIMIT,
    explain: bool = True,
    frequencies: candidate_sources.TermFrequencies | None = None,
) -> list[Suggestion]:
    """The best published listings of the other direction for ``listing``, best first.

    Never ``listing`` itself, the same owner's listings (a resident's, or a proxy resident's;
    two listings without an owner are never the same owner's), the viewer's own, nor the
    suggestions the viewer marked "not relevant" for this listing. ``explain=False`` gives
    the scores alone, without reasons or photos (the alert run scores thousands), and
    ``frequencies`` lets a batch share its term counts.
    """
    document = getattr(listing, "search_document", None)
    weights = term_weights(
        title_terms=document.title_terms if document else "",
        tags=listing.tags,
        body_terms=document.body_terms if document else "",
    )
    seeker = Side(
        kind=listing.kind,
        category_ids=frozenset([listing.category_id] if listing.category_id else []),
        area=listing.area,
        place=listing.approximate_location,
        languages=frozenset([listing.language, *listing.spoken_languages]) - {""},
        terms=with_synonyms(
            weights,
            [listing.title, *map(str, listing.tags), listing.description],
            current_synonyms(),
        ),
        listing=listing,
    )
    excluded = Q(pk=listing.pk)
    if listing.owner_id:
        excluded |= Q(owner_id=listing.owner_id)
    if listing.proxy_owner_id:
        excluded |= Q(proxy_owner_id=listing.proxy_owner_id)
    hidden = _hidden_by_feedback(viewer, listing)
    return best_matches(
        seeker,
        direction=OPPOSITE[listing.direction],
        excluded=excluded | _viewer_own(viewer) | hidden,
        limit=limit,
        explain=explain,
        frequencies=frequencies,
    )


def _viewer_own(viewer) -> Q:
    """The viewer's own listings and those of people they blocked or who blocked them."""
    if viewer is None or not viewer.is_authenticated:
        return Q(pk__in=[])
    blocked = Block.objects.filter(blocker=viewer).values("blocked_id")
    blocking = Block.objects.filter(blocked=viewer).values("blocker_id")
    return Q(owner_id=viewer.pk) | Q(owner_id__in=blocked) | Q(owner_id__in=blocking)


def _hidden_by_feedback(viewer, listing: Listing | None) -> Q:
    if viewer is None or not viewer.is_authenticated:
        return Q(pk__in=[])
    marked = SuggestionFeedback.objects.filter(
        user=viewer, verdict=Verdict.NOT_RELEVANT, listing=listing
    ).values("suggested_id")
    return Q(pk__in=marked)


def best_matches(
    seeker: Side,
    *,
    direction: str,
    excluded: Q,
    limit: int,
    explain: bool = True,
    frequencies: candidate_sources.TermFrequencies | None = None,
) -> list[Suggestion]:
    """The ``limit`` best published listings of ``direction`` for ``seeker`` that ``excluded``
    does not rule out, scoring at least ``MIN_SCORE``: a fixed number of queries."""
    tree, names = category_tree()
    frequencies = frequencies or candidate_sources.TermFrequencies()
    documents, counts = frequencies.lookup(seeker.terms)
    idf = {
        term: inverse_document_frequency(max(documents, count), count)
        for term, count in counts.items()
        if count
    }
    telling = candidate_sources.telling_terms(
        {t: w for t, w in seeker.terms.items() if t in idf}, idf
    )
    related = _related_categories(tree, seeker.category_ids)
    ids = candidate_sources.candidate_ids(
        direction=direction,
        terms=telling,
        category_ids=seeker.category_ids,
        related_category_ids=related,
        area=seeker.area,
    )
    found = (
        Listing.objects.published()
        .filter(direction=direction, pk__in=ids)
        .exclude(excluded)
        .select_related("category")
        .annotate(
            match_title_terms=F("search_document__title_terms"),
            match_body_terms=F("search_document__body_terms"),
        )
        .order_by()
    )
    now = timezone.now()
    context = {"idf": idf, "categories": tree, "category_names": names}
    ranked: list[tuple[float, float, int, Listing, Side]] = []
    for candidate in found:
        side = listing_side(candidate, now=now)
        total = score(seeker, side, explain=False, **context).score
        if total >= MIN_SCORE:
            ranked.append(
                (-total, -_timestamp(candidate.published_at), -candidate.pk, candidate, side)
            )
    ranked.sort(key=lambda row: row[:3])
    if not explain:
        return [
            Suggestion(listing=listing, score=-key[0]) for *key, listing, _side in ranked[:limit]
        ]
    best = [(score(seeker, side, **context), listing) for *_key, listing, side in ranked[:limit]]
    prefetch_related_objects([listing for _scored, listing in best], "photos")
    return [
        Suggestion(listing=listing, score=s.score, reasons=s.reasons, components=s.components)
        for s, listing in best
    ]


def _timestamp(moment: datetime.datetime | None) -> float:
    return moment.timestamp() if moment else 0.0


def listing_side(listing: Listing, *, now: datetime.datetime) -> Side:
    age = (now - listing.published_at).total_seconds() / 86400 if listing.published_at else 0.0
    return Side(
        kind=listing.kind,
        category_ids=frozenset([listing.category_id] if listing.category_id else []),
        area=listing.area,
        place=listing.approximate_location,
        languages=frozenset([listing.language, *listing.spoken_languages]) - {""},
        terms=term_weights(
            title_terms=listing.match_title_terms or "",
            tags=listing.tags,
            body_terms=listing.match_body_terms or "",
        ),
        published_days_ago=age,
        listing=listing,
    )


CATEGORIES_CACHE_KEY = "matching:categories"


def category_tree() -> tuple[CategoryTree, dict[int, Category]]:
    """The tree, and the categories by id (their ``str`` is the name in the active language),
    from the shared cache: a page that suggests for many listings reads them once, and an edit
    in the admin clears them (``signals``)."""
    categories = cache.get(CATEGORIES_CACHE_KEY)
    if categories is None:
        categories = list(Category.objects.all())
        cache.set(CATEGORIES_CACHE_KEY, categories, timeout=24 * 3600)
    tree = CategoryTree(parents={c.pk: c.parent_id for c in categories})
    return tree, {c.pk: c for c in categories}


def _related_categories(tree: CategoryTree, category_ids: Iterable[int]) -> list[int]:
    mine = set(category_ids)
    related = [
        other
        for other in tree.parents
        if other not in mine and any(tree.relation(c, other) for c in mine)
    ]
    return sorted(related)
