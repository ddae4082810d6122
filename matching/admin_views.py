"""The coordinators' matching pages in the Wagtail admin: "Find matches" for any listing (a
proxy resident's, a draft, one waiting for review) and the requests still waiting for an
answer, each with its best candidates, so that staff can introduce people by phone."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from listings.models import Listing

from .models import MatchingSettings
from .suggestions import Suggestion, suggestions_for_listing
from .waiting import waiting_requests as waiting_requests_query

FIND_MATCHES_LIMIT = 10
WAITING_PER_PAGE = 20
CANDIDATES_PER_REQUEST = 3


def _require_coordinator(request) -> None:
    if not request.user.is_coordinator:
        raise PermissionDenied


def _with_contacts(listings: Iterable[Listing]) -> None:
    """Fetch who to contact about each listing (its owner's profile, or its proxy resident):
    three queries for all of them, however many."""
    prefetch_related_objects(list(listings), "owner__profile", "proxy_owner")


def find_matches(request, pk: int):
    """One listing, whatever its status, and the best published listings that answer it."""
    _require_coordinator(request)
    listing = get_object_or_404(
        Listing.objects.select_related(
            "category", "owner__profile", "proxy_owner", "search_document"
        ),
        pk=pk,
    )
    suggestions = suggestions_for_listing(listing, limit=FIND_MATCHES_LIMIT)
    _with_contacts(s.listing for s in suggestions)
    return TemplateResponse(
        request,
        "matching/admin/find_matches.html",
        {"listing": listing, "suggestions": suggestions},
    )


@dataclass
class WaitingRequest:
    listing: Listing
    candidates: list[Suggestion]


def waiting_requests(request):
    """Requests published more than the set number of days ago that nobody has answered,
    oldest first, 20 a page, each with its best three candidates. The candidates cost a fixed
    number of queries per request shown."""
    _require_coordinator(request)
    days = MatchingSettings.load(request_or_site=request).waiting_days
    page = Paginator(waiting_requests_query(days=days), WAITING_PER_PAGE).get_page(
        request.GET.get("p")
    )
    rows = [
        WaitingRequest(listing, suggestions_for_listing(listing, limit=CANDIDATES_PER_REQUEST))
        for listing in page
    ]
    _with_contacts(candidate.listing for row in rows for candidate in row.candidates)
    return TemplateResponse(
        request,
        "matching/admin/waiting_requests.html",
        {"page": page, "rows": rows, "days": days},
    )
