"""Saved searches ("notify me of new listings like this"): their canonical query strings,
saving and deleting them, their labels, and which of them a batch of new listings matches.

A saved search keeps the search page's keywords (``q``) and the ``ListingFilter`` values,
validated and in name order; not the page, the order or the distance from a place (a position
is personal, and the alert run has no one's position).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from listings.filters import CategoryTree, KeywordForm, ListingFilter, language_choices
from listings.models import Direction, Kind, Listing

from .models import SavedSearch

MAX_SAVED_SEARCHES = 20
KEYWORDS = "q"
FILTERS = tuple(ListingFilter.base_filters)
PARAMETERS = (KEYWORDS, *FILTERS)
MAX_QUERY_LENGTH = SavedSearch._meta.get_field("query_string").max_length


def canonical_query(params: Mapping, *, categories: CategoryTree | None = None) -> str:
    """The saved form of a search: its valid keywords and filter values, sorted by name, as a
    query string (``category=digital&q=スマホ``); "" when nothing is chosen. Invalid values
    are left out, as the search page leaves them out."""
    data = _query_dict(params)
    values: dict[str, str] = {}
    keywords = KeywordForm(data).keywords()
    if keywords:
        values[KEYWORDS] = keywords
    filterset = ListingFilter(
        data,
        queryset=Listing.objects.none(),
        categories=categories,
        languages=_requested_text_language(data),
    )
    for name, value in filterset.selected.items():
        values[name] = "1" if value is True else str(value)
    query = QueryDict(mutable=True)
    for name in sorted(values):
        query[name] = values[name]
    return query.urlencode()


def _query_dict(params: Mapping) -> QueryDict:
    if isinstance(params, QueryDict):
        return params
    query = QueryDict(mutable=True)
    for name, value in params.items():
        query[name] = value
    return query


def _requested_text_language(data: QueryDict) -> list[str]:
    """The language asked for, if some published listing is written in it: the filter also
    accepts the text languages seen among the listings, not only the spoken-language list."""
    code = data.get("language", "")
    if code and Listing.objects.published().filter(language=code).exists():
        return [code]
    return []


def describe_search(query_string: str, *, categories: CategoryTree | None = None) -> str:
    """A saved search in words, in the active language: “スマホ”, Digital help, 城東."""
    data = QueryDict(query_string)
    parts = []
    if data.get(KEYWORDS):
        parts.append(_("“%(keywords)s”") % {"keywords": data[KEYWORDS]})
    labels = {
        "direction": dict(Direction.choices),
        "kind": dict(Kind.choices),
        "language": dict(language_choices()),
    }
    for name in FILTERS:
        value = data.get(name)
        if not value:
            continue
        if name == "category":
            categories = categories or CategoryTree()
            category = categories.by_slug.get(value)
            parts.append(category.name if category else value)
        elif name == "free":
            parts.append(_("Free only"))
        else:
            parts.append(str(labels.get(name, {}).get(value, value)))
    return _(", ").join(parts) if parts else _("All listings")


@transaction.atomic
def save_search(*, user, params: Mapping) -> tuple[SavedSearch, bool]:
    """Save the search ``params`` (the search page's GET parameters) for ``user``; returns
    (the saved search, whether it is new). The same search saved again is the one already
    saved. Refused (ValidationError) when nothing is chosen, when the search is too long, or
    past ``MAX_SAVED_SEARCHES``."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to save a search."))
    query_string = canonical_query(params)
    if not query_string:
        raise ValidationError(
            _("Choose some keywords or filters first: a search for everything cannot be saved."),
            code="empty",
        )
    if len(query_string) > MAX_QUERY_LENGTH:
        raise ValidationError(_("This search is too long to save."), code="too_long")
    # Lock the resident's row so that two quick posts cannot both pass the limit.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    existing = SavedSearch.objects.filter(user=user, query_string=query_string).first()
    if existing is not None:
        return existing, False
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            _(
                "You already have %(limit)s saved searches, the most you can keep. "
                "Delete one you no longer need first."
            )
            % {"limit": MAX_SAVED_SEARCHES},
            code="limit",
        )
    return SavedSearch.objects.create(user=user, query_string=query_string), True


def access_saved_search_by_id(user, saved_search_id: int) -> SavedSearch:
    """``user``'s own saved search; Http404 for anyone else's, as for one that does not exist."""
    if not user.is_authenticated:
        raise Http404
    saved = SavedSearch.objects.filter(pk=saved_search_id, user=user).first()
    if saved is None:
        raise Http404
    return saved


def delete_saved_search(*, user, saved_search_id: int) -> None:
    """Stop telling ``user`` about a search they saved (their own only: Http404 otherwise).
    The alerts it caused are kept, without their saved search."""
    access_saved_search_by_id(user, saved_search_id).delete()


def saved_searches_matching(
    listing_ids: Iterable[int], *, categories: CategoryTree | None = None
) -> dict[int, list[SavedSearch]]:
    """For each of these listings that is public, the saved searches it matches.

    Each distinct saved search is run once over the whole batch, as the search page runs it
    (keywords, then ``ListingFilter``), restricted to the batch: one query per distinct saved
    search (two with Latin keywords), however many listings."""
    ids = sorted(set(listing_ids))
    matches: dict[int, list[SavedSearch]] = defaultdict(list)
    if not ids:
        return matches
    batch = Listing.objects.published().filter(pk__in=ids)
    languages = sorted(set(batch.values_list("language", flat=True)) - {""})
    by_query: dict[str, list[SavedSearch]] = defaultdict(list)
    for saved in SavedSearch.objects.order_by("pk"):
        by_query[saved.query_string].append(saved)
    categories = categories or CategoryTree()
    for query_string, saved_searches in by_query.items():
        for listing_id in _matching_ids(query_string, batch, categories, languages):
            matches[listing_id].extend(saved_searches)
    return matches


def _matching_ids(query_string, batch, categories, languages) -> list[int]:
    data = QueryDict(query_string)
    if not any(data.get(name) for name in PARAMETERS):
        return []  # nothing left that we understand: it must not match everything
    listings = batch
    keywords = KeywordForm(data).keywords()
    if keywords:
        # Only listings with every keyword: the search page also shows partial matches
        # below, but an alert for one word of two would be noise.
        listings = listings.search(keywords).filter(search_all=True)
    filterset = ListingFilter(data, queryset=listings, categories=categories, languages=languages)
    if filterset.form.errors:
        # A value no longer valid (a deleted category): the search page would drop that
        # filter and show more; an alert must not.
        return []
    return list(filterset.qs.order_by().values_list("pk", flat=True))
