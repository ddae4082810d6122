"""What anyone can see: the listings index, browsed by filters and found by keywords."""

from django.core.paginator import Paginator
from django.db.models import F
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..filters import (
    CategoryTree,
    DistanceForm,
    KeywordForm,
    ListingFacets,
    ListingFilter,
    Sort,
    SortForm,
)
from ..models import Area, Listing
from ..search.highlight import Highlighter
from ..search.synonyms import current_synonyms
from ..search.window import too_few_ranked

LISTINGS_PER_PAGE = 20


def _with_counts(field, facets) -> None:
    """Show each choice of a select with how many listings it would find: "Skill (12)"."""
    counts = {facet.value: facet.count for facet in facets}
    # django-filter's choice fields add their empty choice themselves.
    adds_empty_choice = getattr(field, "empty_label", None) is not None
    field.choices = [
        (value, f"{label} ({counts[value]})" if value in counts else label)
        for value, label in field.choices
        if not (adds_empty_choice and value == "")
    ]


def rounded_distance(km: float | None) -> str:
    """A distance as the public may see it: rounded, never precise enough to place a home."""
    if km is None:
        return ""
    if km < 1:
        return _("Less than 1 km away")
    return _("About %(km)s km away") % {"km": round(km)}


def _set_urls(facets, name: str, index_url: str, filter_query: QueryDict) -> None:
    """Each facet's link: the search with this choice added, or removed if it is chosen."""
    for facet in facets:
        query = filter_query.copy()
        if facet.selected:
            query.pop(name, None)
        else:
            query[name] = facet.value
        facet.url = f"{index_url}?{query.urlencode()}" if query else index_url


def _in_url(value) -> str:
    return "1" if value is True else str(value)


def _ordered(listings, order: str, *, keywords: bool):
    """Listings that match every keyword come first whatever the order (a listing matching
    only some of them never outranks one matching all); within that, the chosen order."""
    if order == Sort.RELEVANCE:
        return listings  # search_listings' own order
    tiers = ["-search_all"] if keywords else []
    if order == Sort.NEAREST:
        tiers.append(F("distance_km").asc(nulls_last=True))
    return listings.order_by(*tiers, "-published_at", "-pk")


def _filtered(listings, data, categories, point, distance_form):
    """The facets over ``listings``, the filters chosen in ``data`` and what they select."""
    facets = ListingFacets(listings, categories=categories, point=point)
    filterset = ListingFilter(
        data,
        queryset=listings.with_promised().select_related("category").prefetch_related("photos"),
        categories=categories,
        areas=facets.all_areas(),
        languages=facets.all_languages(),
    )
    selected = {**filterset.selected, **distance_form.selected}
    facets.select(selected)
    return facets, filterset, selected


def listing_index(request):
    """Published listings, found by keywords (most relevant first) or newest first, filtered
    by kind, direction, category, area, language, free only and distance from a point.

    A fixed number of queries whatever the number of listings: the areas with a centre, the
    categories, the facet groups (which also give the total, so the paginator does not count
    again), the page itself and its photos (plus one for the typo vocabulary when keywords have
    Latin words).
    """
    data = request.GET or None
    keyword_form = KeywordForm(request.GET)
    keywords = keyword_form.keywords()
    distance_form = DistanceForm(data, areas=list(Area.objects.exclude(latitude=None)))
    point = distance_form.point

    published = Listing.objects.published().order_by("-published_at", "-pk")
    listings = published.search(keywords, bounded=True) if keywords else published
    categories = CategoryTree()
    facets, filterset, selected = _filtered(listings, data, categories, point, distance_form)
    if listings.is_partial_search() and too_few_ranked(facets.total):
        listings = published.search(keywords)  # rank every match after all
        facets, filterset, selected = _filtered(listings, data, categories, point, distance_form)
    sort_form = SortForm(data, keywords=bool(keywords), point=point is not None)

    kind_facets, direction_facets = facets.kinds(), facets.directions()
    category_facets, language_facets = facets.categories(), facets.languages()
    distance_facets = facets.distances()
    form = filterset.form
    _with_counts(form.fields["kind"], kind_facets)
    _with_counts(form.fields["direction"], direction_facets)
    _with_counts(form.fields["category"], category_facets)
    _with_counts(form.fields["area"].widget, facets.areas())
    _with_counts(form.fields["language"], language_facets)
    _with_counts(distance_form.fields["km"], distance_facets)

    results = filterset.qs
    if point is not None:
        results = results.annotate_distance(*point)
        if selected.get("km"):
            results = results.within_km(*point, selected["km"])
    results = _ordered(results, sort_form.order, keywords=bool(keywords))

    paginator = Paginator(results, LISTINGS_PER_PAGE)
    paginator.count = facets.total  # the same filters over the same listings
    page = paginator.get_page(request.GET.get("page"))
    highlighter = Highlighter(keywords, synonyms=current_synonyms()) if keywords else None
    for listing in page.object_list:
        listing.distance_label = rounded_distance(getattr(listing, "distance_km", None))
        if highlighter:
            listing.highlighted_title = highlighter.highlight(
                listing.title, readings=bool(getattr(listing, "search_in_title", True))
            )
            listing.snippet = highlighter.snippet(listing.description)

    # Links (facets, pages) carry the valid filters only, so a bad value is not passed on.
    filter_query = QueryDict(mutable=True)
    filter_query.update({name: _in_url(value) for name, value in selected.items()})
    if keywords:
        filter_query["q"] = keywords
    if sort_form.order != sort_form.default:
        filter_query["sort"] = sort_form.order
    free_facet = facets.free()
    form["free"].label = f"{free_facet.label} ({free_facet.count})"  # the bound field is cached
    index_url = reverse("listings:index")
    for name, group in [
        ("language", language_facets),
        ("free", [free_facet]),
        ("km", distance_facets),
    ]:
        _set_urls(group, name, index_url, filter_query)
    return render(
        request,
        "listings/listing_index.html",
        {
            "filter": filterset,
            "form": form,
            "keyword_form": keyword_form,
            "distance_form": distance_form,
            "sort_form": sort_form,
            "keywords": keywords,
            "point": point,
            "page_obj": page,
            "listings": page.object_list,
            "category_facets": [facet for facet in category_facets if facet.depth == 0],
            "kind_facets": kind_facets,
            "direction_facets": direction_facets,
            "language_facets": language_facets,
            "free_facet": free_facet,
            "free_facets": [free_facet],
            "distance_facets": distance_facets,
            "filter_query": filter_query,
            "is_filtered": bool(selected or keywords),
            "search_partial": listings.is_partial_search(),
        },
    )
