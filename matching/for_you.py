"""The "For you" section: what a logged-in resident may want, on their home page.

Suggestions come from two places, merged best score first without duplicates:
- their newest open listings (``suggestions_for_listing`` for each of up to ``FROM_LISTINGS``);
- their profile, as a seeker with no words: the categories they are interested in, their area
  (placed at the area's centre when it has one) and the languages they speak, answered by
  offers (what they can use).
A newcomer (``Profile.is_newcomer``) first sees up to ``NEWCOMER_FIRST`` offers of the newcomer
community and Japanese classes. Never their own listings, nor what they marked "not relevant"
in "for you".

The cost is bounded whatever the number of listings: a few queries for the profile and the
feedback, about four per listing used (``suggestions_for_listing``), four for the profile and
four more for a newcomer.
"""

from django.conf import settings
from django.db.models import F, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile
from listings.models import Area, Direction, Kind, Listing

from .models import SuggestionFeedback, Verdict
from .reasons import Reason
from .scoring import Side, score
from .suggestions import (
    Suggestion,
    best_matches,
    category_tree,
    listing_side,
    suggestions_for_listing,
)

DEFAULT_LIMIT = 8
FROM_LISTINGS = 3  # the resident's newest open listings that suggestions are drawn from
PER_LISTING = 3
NEWCOMER_FIRST = 4  # so that a newcomer still sees what matches their own listings and profile
NEWCOMER_CATEGORY = "newcomers"
JAPANESE_CLASS_QUERY = "日本語"  # the synonym dictionary widens it to "Japanese", "nihongo"
JAPANESE_CLASS_CATEGORIES = ("languages", "learning", NEWCOMER_CATEGORY)
JAPANESE_CLASS_KINDS = (Kind.SKILL, Kind.ACTIVITY)


def japanese_class() -> Reason:
    return Reason("newcomer", _("A Japanese class"))


def for_newcomers() -> Reason:
    return Reason("newcomer", _("For people new to the city"))


def suggestions_for_user(user, *, limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
    """Up to ``limit`` suggestions for ``user``'s home page, best first (a newcomer's newcomer
    offers and Japanese classes before the rest); none for an anonymous visitor."""
    if user is None or not user.is_authenticated:
        return []
    profile = getattr(user, "profile", None)
    hidden = set(
        SuggestionFeedback.objects.filter(
            user=user, listing__isnull=True, verdict=Verdict.NOT_RELEVANT
        ).values_list("suggested_id", flat=True)
    )
    excluded = Q(owner_id=user.pk) | Q(pk__in=sorted(hidden))

    found: list[Suggestion] = []
    own = (
        Listing.objects.published()
        .filter(owner=user)
        .select_related("search_document")
        .order_by("-published_at", "-pk")[:FROM_LISTINGS]
    )
    for listing in own:
        found += suggestions_for_listing(listing, viewer=user, limit=PER_LISTING)
    seeker = profile_side(profile) if profile is not None else None
    if seeker is not None and (seeker.category_ids or seeker.area):
        found += best_matches(seeker, direction=Direction.OFFER, excluded=excluded, limit=limit)

    best: dict[int, Suggestion] = {}
    for suggestion in found:
        listing = suggestion.listing
        if listing.pk in hidden or listing.owner_id == user.pk:
            continue
        kept = best.get(listing.pk)
        if kept is None or suggestion.score > kept.score:
            best[listing.pk] = suggestion
    ranked = sorted(best.values(), key=_rank)

    first: list[Suggestion] = []
    if profile is not None and profile.is_newcomer:
        first = newcomer_suggestions(
            seeker, excluded=excluded, already=best, limit=min(NEWCOMER_FIRST, limit)
        )
    shown_first = {s.listing.pk for s in first}
    return (first + [s for s in ranked if s.listing.pk not in shown_first])[:limit]


def profile_side(profile: Profile) -> Side:
    """A resident as a seeker: interests, area (at its centre when known) and languages; no
    words and no kind. Two queries: the interests, and the area's centre.

    A resident who has not said which languages they speak is taken to speak the language
    they read the site in. With no words to share, interests, area and language are all a
    profile can score on, and ``suggestions.MIN_SCORE`` asks for more than an interest alone.
    """
    place = None
    if profile.area:
        centre = (
            Area.objects.filter(name=profile.area, latitude__isnull=False)
            .values_list("latitude", "longitude")
            .first()
        )
        place = tuple(centre) if centre else None
    return Side(
        kind=None,
        category_ids=frozenset(profile.interests.values_list("pk", flat=True)),
        area=profile.area,
        place=place,
        languages=frozenset(profile.spoken_languages or [_reading_language(profile)]),
        terms={},
    )


def _reading_language(profile: Profile) -> str:
    return (profile.language or settings.LANGUAGE_CODE).split("-")[0]


def newcomer_suggestions(
    seeker: Side | None, *, excluded: Q, already: dict[int, Suggestion], limit: int
) -> list[Suggestion]:
    """Offers a newcomer should see first: Japanese classes (found by the search, among the
    skills and activities of the language, learning and newcomer categories), then the
    newcomer community's offers; best score first. A listing already suggested keeps its
    score and reasons, with the newcomer reason put first."""
    offers = (
        Listing.objects.published()
        .filter(direction=Direction.OFFER)
        .exclude(excluded)
        .select_related("category")
        .annotate(
            match_title_terms=F("search_document__title_terms"),
            match_body_terms=F("search_document__body_terms"),
        )
    )
    classes = offers.search(JAPANESE_CLASS_QUERY).filter(
        kind__in=JAPANESE_CLASS_KINDS, category__slug__in=JAPANESE_CLASS_CATEGORIES
    )[:limit]
    community = offers.filter(
        Q(category__slug=NEWCOMER_CATEGORY) | Q(category__parent__slug=NEWCOMER_CATEGORY)
    ).order_by("-published_at", "-pk")[:limit]
    chosen: dict[int, tuple[Listing, Reason]] = {}
    for listing in classes:
        chosen.setdefault(listing.pk, (listing, japanese_class()))
    for listing in community:
        chosen.setdefault(listing.pk, (listing, for_newcomers()))
    if not chosen:
        return []

    if seeker is None:
        seeker = Side(
            kind=None,
            category_ids=frozenset(),
            area="",
            place=None,
            languages=frozenset(),
            terms={},
        )
    tree, names = category_tree()
    now = timezone.now()
    suggestions = []
    for listing, reason in chosen.values():
        known = already.get(listing.pk)
        if known is None:
            scored = score(
                seeker,
                listing_side(listing, now=now),
                idf={},
                categories=tree,
                category_names=names,
            )
            known = Suggestion(
                listing=listing,
                score=scored.score,
                reasons=scored.reasons,
                components=scored.components,
            )
        suggestions.append(
            Suggestion(
                listing=known.listing,
                score=known.score,
                reasons=[reason, *known.reasons],
                components=known.components,
            )
        )
    suggestions.sort(key=_rank)
    suggestions = suggestions[:limit]
    prefetch_related_objects([s.listing for s in suggestions], "photos")
    return suggestions


def _rank(suggestion: Suggestion):
    listing = suggestion.listing
    published = listing.published_at.timestamp() if listing.published_at else 0.0
    return (-suggestion.score, -published, -listing.pk)
