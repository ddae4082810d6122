""" "I'd like this" in templates that the listing views render without knowing about it: the
panel on a listing's page, the "promised" badge on cards and the request counts on "My
listings". Each asks the database at most once per page, however many cards it shows (the
answers are kept on the request)."""

from dataclasses import dataclass, field

from django import template
from django.core.cache import cache
from django.db.models import Count

from ..item_requests.services import (
    OWN_COUNTS_CACHE_SECONDS,
    can_manage_requests,
    is_requestable,
    own_counts_cache_key,
    request_refusal,
)
from ..models import ItemRequest, ItemRequestStatus, Status
from ..models.item_requests import MAX_REQUEST_MESSAGE_LENGTH

register = template.Library()


def _holder(context):
    """Where a page keeps what it asked once: the request, else this render."""
    request = context.get("request")
    return request if request is not None else context.render_context


def promised_listing_ids_for_page(context) -> set[int]:
    """Every promised listing that is published: one query per page for all its cards (few
    listings are promised at any one time: only until they are handed over)."""
    holder = _holder(context)
    ids = getattr(holder, "_promised_listing_ids", None)
    if ids is None:
        ids = set(
            ItemRequest.objects.chosen()
            .filter(listing__status=Status.PUBLISHED)
            .values_list("listing_id", flat=True)
        )
        holder._promised_listing_ids = ids
    return ids


@register.simple_tag(takes_context=True)
def listing_is_promised(context, listing) -> bool:
    """``{% listing_is_promised listing as promised %}``. A view may annotate ``is_promised``
    itself; item and skill offers only (nothing is asked for any other card)."""
    annotated = getattr(listing, "is_promised", None)
    if annotated is not None:
        return bool(annotated)
    if not is_requestable(listing) or listing.status != Status.PUBLISHED:
        return False
    return listing.pk in promised_listing_ids_for_page(context)


@dataclass(frozen=True)
class OwnListingRequests:
    waiting: int = 0
    promised: bool = False


@register.simple_tag(takes_context=True)
def own_listing_requests(context, listing) -> OwnListingRequests:
    """``{% own_listing_requests listing as requests %}`` on the viewer's own listings: how
    many requests wait for their answer and whether it is promised (one query per page for
    all their listings, cached like the bell's count and forgotten by every change in
    ``services``)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated or not is_requestable(listing):
        return OwnListingRequests()
    counts = getattr(request, "_own_item_request_counts", None)
    if counts is None:
        key = own_counts_cache_key(request.user.pk)
        counts = cache.get(key)
        if counts is None:
            rows = (
                ItemRequest.objects.open()
                .filter(listing__owner=request.user)
                .order_by()
                .values_list("listing_id", "status")
                .annotate(count=Count("pk"))
            )
            counts = {(listing_id, str(status)): count for listing_id, status, count in rows}
            cache.set(key, counts, OWN_COUNTS_CACHE_SECONDS)
        request._own_item_request_counts = counts
    return OwnListingRequests(
        waiting=counts.get((listing.pk, str(ItemRequestStatus.WAITING)), 0),
        promised=bool(counts.get((listing.pk, str(ItemRequestStatus.CHOSEN)))),
    )


@dataclass
class PanelState:
    """What the "I'd like this" panel on a listing's page shows to this viewer."""

    shown: bool = False
    promised: bool = False
    own_request: ItemRequest | None = None
    refusal: str | None = None
    manages: bool = False
    waiting: int = 0
    chosen: ItemRequest | None = None
    max_length: int = MAX_REQUEST_MESSAGE_LENGTH
    counts: dict = field(default_factory=dict)

    @property
    def can_request(self) -> bool:
        return self.refusal is None and self.own_request is None


@register.simple_tag(takes_context=True)
def item_request_panel(context, listing) -> PanelState:
    """``{% item_request_panel listing as panel %}``: at most two queries (the promised
    listings, shared with the cards; and the viewer's own request, or for the owner the
    requests' counts)."""
    if not is_requestable(listing):
        return PanelState()
    request = context.get("request")
    user = request.user if request is not None else None
    if user is None:
        return PanelState()
    manages = context.get("can_edit")  # the listing page has asked already
    if manages is None:
        manages = can_manage_requests(listing, user)
    if listing.status != Status.PUBLISHED and not manages:
        return PanelState()
    state = PanelState(shown=True, manages=manages)
    if manages:
        rows = (
            ItemRequest.objects.filter(listing=listing)
            .order_by()
            .values_list("status")
            .annotate(count=Count("pk"))
        )
        state.counts = dict(rows)
        state.waiting = state.counts.get(ItemRequestStatus.WAITING, 0)
        state.promised = bool(state.counts.get(ItemRequestStatus.CHOSEN))
    else:
        state.promised = listing.pk in promised_listing_ids_for_page(context)
    if user.is_authenticated and not manages:
        state.own_request = (
            ItemRequest.objects.open().filter(listing=listing, requester=user).first()
        )
    state.refusal = request_refusal(listing=listing, user=user, promised=state.promised)
    return state
