"""What anyone can see: the listings index, browsed by filters and found by keywords."""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render

from ..filters import CategoryTree, KeywordForm, ListingFacets, ListingFilter
from ..models import Listing

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


def listing_index(request):
    """Published listings, found by keywords (most relevant first) or newest first, filtered
    by kind, direction, category and area.

    Three queries whatever the number of listings: the categories, the facet groups (which
    also give the total, so the paginator does not count again) and the page itself.
    """
    keyword_form = KeywordForm(request.GET)
    keywords = keyword_form.keywords()
    listings = Listing.objects.published().order_by("-published_at", "-pk")
    if keywords:
        listings = listings.search(keywords)  # most relevant first
    categories = CategoryTree()
    facets = ListingFacets(listings, categories=categories)
    filterset = ListingFilter(
        request.GET or None,
        queryset=listings.select_related("category"),
        categories=categories,
        areas=facets.all_areas(),
    )
    facets.select(filterset.selected)

    kind_facets, direction_facets = facets.kinds(), facets.directions()
    category_facets = facets.categories()
    form = filterset.form
    _with_counts(form.fields["kind"], kind_facets)
    _with_counts(form.fields["direction"], direction_facets)
    _with_counts(form.fields["category"], category_facets)
    _with_counts(form.fields["area"].widget, facets.areas())

    paginator = Paginator(filterset.qs, LISTINGS_PER_PAGE)
    paginator.count = facets.total  # the same filters over the same listings
    page = paginator.get_page(request.GET.get("page"))
    # Links (facets, pages) carry the valid filters only, so a bad value is not passed on.
    filter_query = QueryDict(mutable=True)
    filter_query.update(filterset.selected)
    if keywords:
        filter_query["q"] = keywords
    return render(
        request,
        "listings/listing_index.html",
        {
            "filter": filterset,
            "form": form,
            "keyword_form": keyword_form,
            "keywords": keywords,
            "page_obj": page,
            "listings": page.object_list,
            "category_facets": [facet for facet in category_facets if facet.depth == 0],
            "kind_facets": kind_facets,
            "direction_facets": direction_facets,
            "filter_query": filter_query,
            "is_filtered": bool(filterset.selected or keywords),
        },
    )
