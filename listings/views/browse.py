"""What anyone can see: the listings index (browse by filters) and a listing's page."""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.languages import spoken_language_choices

from ..filters import CategoryTree, KeywordForm, ListingFacets, ListingFilter
from ..models import KIND_FIELDS, Listing, Status

LISTINGS_PER_PAGE = 20
RELATED_LISTINGS = 4


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


def _display(listing: Listing, name: str):
    field = listing._meta.get_field(name)
    value = getattr(listing, name)
    if value in (None, ""):
        return None
    if field.choices:
        return getattr(listing, f"get_{name}_display")()
    if hasattr(value, "tzinfo"):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return value


def _kind_details(listing: Listing) -> list[tuple[str, object]]:
    details = []
    for name in KIND_FIELDS.get(listing.kind, []):
        value = _display(listing, name)
        if value is not None:
            details.append((listing._meta.get_field(name).verbose_name, value))
    return details


def _status_notice(listing: Listing) -> str:
    """Why a listing that its owner or a coordinator is looking at is not public."""
    if listing.hidden:
        return _("The coordinators have hidden this listing.")
    if listing.status == Status.PUBLISHED:  # published, but past its expiry date
        return _("This listing has expired. Renew it to show it again.")
    return {
        Status.DRAFT: _("This listing is a draft. Submit it when it is ready."),
        Status.PENDING: _("This listing is waiting for a coordinator's review."),
        Status.CLOSED: _("This listing is closed."),
        Status.EXPIRED: _("This listing has expired. Renew it to show it again."),
    }[listing.status]


def listing_detail(request, pk: int):
    """A listing's page for anyone allowed to see it; the owner's contact details stay out."""
    listing = get_object_or_404(
        Listing.objects.visible_to(request.user).select_related("category", "category__parent"),
        pk=pk,
    )
    languages = dict(spoken_language_choices())
    related = (
        Listing.objects.published()
        .filter(category_id=listing.category_id)
        .exclude(pk=listing.pk)
        .select_related("category")
        .order_by("-published_at", "-pk")[:RELATED_LISTINGS]
    )
    return render(
        request,
        "listings/listing_detail.html",
        {
            "listing": listing,
            "can_edit": listing.can_be_edited_by(request.user),
            "is_owner": request.user.is_authenticated and listing.owner_id == request.user.pk,
            "status_notice": None if listing.is_public else _status_notice(listing),
            "kind_details": _kind_details(listing),
            "spoken_languages": [languages.get(code, code) for code in listing.spoken_languages],
            "related_listings": related,
        },
    )
