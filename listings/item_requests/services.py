""" "I'd like this": every write about requests for items and skills, with its permission
checks and notifications. The site's views, the API and the demo data call these functions.

Who is on the listing's side (``managers``): its owner, or for a proxy resident's listing the
coordinator who posted it and the proxy resident's contact coordinator. Any coordinator may
also manage the requests (``Listing.can_be_edited_by``).
"""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import NotificationKind
from accounts.notifications import build_notification, notify_many
from messaging.notification_emails import email_on_commit
from messaging.services import is_blocked_between, listing_contact, open_conversation_about

from ..models import (
    ClosedReason,
    Direction,
    FulfilledExchange,
    ItemRequest,
    ItemRequestStatus,
    Kind,
    Listing,
    Status,
)
from ..models.item_requests import MAX_REQUEST_MESSAGE_LENGTH
from ..services import close_listing

REQUESTABLE_KINDS = (Kind.ITEM, Kind.SKILL)
# The kinds whose listings closed as fulfilled count as exchanges (spaces and activities are
# counted by their bookings and applications).
EXCHANGE_KINDS = (Kind.ITEM, Kind.SKILL)


class Event:
    """The ``event`` of an ITEM_REQUEST notification's ``data``."""

    RECEIVED = "received"  # to the managers: someone asked
    CHOSEN = "chosen"  # to the requester: the owner chose them
    NOT_CHOSEN = "not_chosen"  # to the others: it went to someone else
    REOPENED = "reopened"  # to the requesters waiting again after a choice was undone
    CHOSEN_WITHDRAWN = "chosen_withdrawn"  # to the managers: the chosen person withdrew
    FULFILLED = "fulfilled"  # to the receiver: handed over


# Events that also go out by e-mail (per the recipient's preference); the rest are in-app.
EMAILED_EVENTS = {Event.RECEIVED, Event.CHOSEN, Event.CHOSEN_WITHDRAWN}


def is_requestable(listing: Listing) -> bool:
    """Whether the listing is of a kind and direction that takes "I'd like this"."""
    return listing.direction == Direction.OFFER and listing.kind in REQUESTABLE_KINDS


def managers(listing: Listing) -> list:
    """The accounts told about requests for ``listing``: its owner, or for a proxy resident's
    listing the coordinator who posted it and their contact coordinator."""
    if listing.owner_id:
        return [listing.owner]
    people = {}
    for person in (listing.posted_by, listing_contact(listing)[0]):
        if person is not None:
            people[person.pk] = person
    return list(people.values())


def is_on_listing_side(listing: Listing, user) -> bool:
    """The owner, or a coordinator answering for a proxy resident's listing (no query but for
    a proxy resident's listing)."""
    if not user.is_authenticated:
        return False
    if listing.owner_id:
        return listing.owner_id == user.pk
    if listing.posted_by_id == user.pk:
        return True
    return listing.proxy_owner_id is not None and listing.proxy_owner.coordinator_id == user.pk


def can_manage_requests(listing: Listing, user) -> bool:
    """Who sees the requesters and chooses: the owner and the coordinators."""
    return listing.can_be_edited_by(user)


def is_promised(listing: Listing) -> bool:
    return ItemRequest.objects.chosen().filter(listing=listing).exists()


def request_refusal(*, listing: Listing, user, promised: bool | None = None) -> str | None:
    """Why ``user`` cannot ask for ``listing`` now, or None if they can. ``promised``: whether
    the listing is promised, if the caller knows already (saves a query)."""
    if not is_requestable(listing):
        return _("Only offers of items and skills take requests.")
    if not listing.is_public:
        return _("This listing is not available.")
    if not user.is_authenticated:
        return _("Log in to ask for this.")
    if is_on_listing_side(listing, user):
        return _("This is your own listing.")
    if promised is None:
        promised = is_promised(listing)
    if promised:
        return _("This has been promised to someone else.")
    return None


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


OWN_COUNTS_CACHE_SECONDS = 60


def own_counts_cache_key(owner_id: int) -> str:
    """The cached request counts of an owner's listings (for "My listings")."""
    return f"item_requests:own_counts:{owner_id}"


def _forget_own_counts(owner_id: int | None) -> None:
    """At once and after the commit, as the bell's count is (see accounts.notifications)."""
    if owner_id is None:
        return
    key = own_counts_cache_key(owner_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _lock(listing: Listing) -> Listing:
    """The listing's row, locked: requests and choices for one listing happen one at a time.
    Every write about its requests starts here, so its owner's cached counts are forgotten."""
    locked = (
        Listing.objects.select_for_update(of=("self",))
        .select_related("owner", "posted_by", "proxy_owner__coordinator")
        .get(pk=listing.pk)
    )
    _forget_own_counts(locked.owner_id)
    return locked


def _notify(listing: Listing, recipients, event: str, **data) -> None:
    """In-app notifications of ``event``, and after commit the e-mails of those that are
    e-mailed."""
    recipients = [person for person in recipients if person is not None]
    if not recipients:
        return
    created = notify_many(
        build_notification(
            recipient=person,
            kind=NotificationKind.ITEM_REQUEST,
            listing=listing,
            data={"event": event, "title": listing.title, **data},
        )
        for person in recipients
    )
    if event in EMAILED_EVENTS:
        email_on_commit(created)


@transaction.atomic
def request_item(*, listing: Listing, by, message: str = "") -> ItemRequest:
    """``by`` asks for an item or skill offered in ``listing``, with an optional short
    message; the owner (or the coordinators answering for it) is told.

    Refused (ValidationError) for a listing that is not a public item or skill offer, one's
    own listing, a promised listing, and a second open request by the same person.
    """
    if not by.is_authenticated:
        raise PermissionDenied(_("Log in to ask for this."))
    listing = _lock(listing)
    refusal = request_refusal(listing=listing, user=by)
    if refusal:
        _refuse(refusal, "not_requestable")
    contact = managers(listing)
    if any(is_blocked_between(by.pk, person.pk) for person in contact):
        raise PermissionDenied(_("You cannot send requests to this person."))
    message = message.strip()
    if len(message) > MAX_REQUEST_MESSAGE_LENGTH:
        raise ValidationError(
            {
                "message": _("Please keep the message under %(max)d characters.")
                % {"max": MAX_REQUEST_MESSAGE_LENGTH}
            }
        )
    if ItemRequest.objects.open().filter(listing=listing, requester=by).exists():
        _refuse(_("You have already asked for this."), "duplicate")
    try:
        with transaction.atomic():
            item_request = ItemRequest.objects.create(
                listing=listing, requester=by, message=message
            )
    except IntegrityError:  # a second click that raced the first
        _refuse(_("You have already asked for this."), "duplicate")
    log(
        instance=listing,
        action="yui.item_request.create",
        user=by,
        data={"request": item_request.pk},
    )
    _notify(
        listing,
        contact,
        Event.RECEIVED,
        request=item_request.pk,
        name=by.display_name,
    )
    return item_request


def access_own_item_request(user, pk: int) -> ItemRequest:
    """``user``'s own request ``pk``; 404 for anyone else's (nobody learns who asked)."""
    if not user.is_authenticated:
        raise Http404
    item_request = (
        ItemRequest.objects.select_related("listing").filter(pk=pk, requester=user).first()
    )
    if item_request is None:
        raise Http404
    return item_request


def access_listing_requests(user, listing_id: int) -> Listing:
    """The listing whose requests ``user`` may manage; 404 if they cannot see it, 403 if they
    can but may not manage its requests (someone else's published listing)."""
    listing = (
        Listing.objects.visible_to(user)
        .select_related("category", "owner", "posted_by", "proxy_owner__coordinator")
        .filter(pk=listing_id)
        .first()
    )
    if listing is None or not is_requestable(listing):
        raise Http404
    if not can_manage_requests(listing, user):
        raise PermissionDenied(_("Only the listing's owner or a coordinator can see who asked."))
    return listing


def _reopen(listing: Listing, *, now, exclude_pk=None) -> list[ItemRequest]:
    """Back to waiting: the requests told "not chosen" when the choice just undone was made."""
    reopened = list(
        ItemRequest.objects.filter(listing=listing, status=ItemRequestStatus.NOT_CHOSEN)
        .exclude(pk=exclude_pk)
        .select_related("requester")
    )
    ItemRequest.objects.filter(pk__in=[r.pk for r in reopened]).update(
        status=ItemRequestStatus.WAITING, decided_at=None, updated_at=now
    )
    return reopened


@transaction.atomic
def withdraw_item_request(*, item_request: ItemRequest, by) -> ItemRequest:
    """The requester takes back their request while it waits or after being chosen. If they
    were chosen, the listing is open again: the managers are told, and the others wait again."""
    if not by.is_authenticated or item_request.requester_id != by.pk:
        raise PermissionDenied(_("Only the person who asked can withdraw the request."))
    listing = _lock(item_request.listing)
    item_request = ItemRequest.objects.select_for_update().get(pk=item_request.pk)
    if not item_request.is_open:
        _refuse(_("This request is no longer open."), "not_open")
    was_chosen = item_request.status == ItemRequestStatus.CHOSEN
    now = timezone.now()
    item_request.status = ItemRequestStatus.WITHDRAWN
    item_request.closed_at = now
    item_request.save(update_fields=["status", "closed_at", "updated_at"])
    log(
        instance=listing,
        action="yui.item_request.withdraw",
        user=by,
        data={"request": item_request.pk},
    )
    if was_chosen:
        reopened = _reopen(listing, now=now)
        _notify(listing, managers(listing), Event.CHOSEN_WITHDRAWN, name=by.display_name)
        _notify(listing, [r.requester for r in reopened], Event.REOPENED)
    return item_request


def _require_manager(listing: Listing, by) -> None:
    if not can_manage_requests(listing, by):
        raise PermissionDenied(_("Only the listing's owner or a coordinator can do this."))


def _require_public(listing: Listing) -> None:
    if listing.status != Status.PUBLISHED:
        _refuse(_("This listing is no longer published."), "not_published")


@transaction.atomic
def choose_item_request(*, item_request: ItemRequest, by) -> ItemRequest:
    """The owner (or a coordinator) gives the listing to one waiting requester: it is then
    promised and takes no new requests. The chosen person is told (and e-mailed); the other
    waiting requesters are told politely that it went to someone else."""
    listing = _lock(item_request.listing)
    _require_manager(listing, by)
    _require_public(listing)
    item_request = ItemRequest.objects.select_for_update().get(pk=item_request.pk)
    if item_request.listing_id != listing.pk:
        raise Http404
    if ItemRequest.objects.chosen().filter(listing=listing).exists():
        _refuse(_("You have already chosen someone. Undo that choice first."), "already_promised")
    if item_request.status != ItemRequestStatus.WAITING:
        _refuse(_("This request is no longer waiting."), "not_waiting")
    now = timezone.now()
    item_request.status = ItemRequestStatus.CHOSEN
    item_request.decided_at = now
    item_request.save(update_fields=["status", "decided_at", "updated_at"])
    others = list(
        ItemRequest.objects.filter(listing=listing, status=ItemRequestStatus.WAITING)
        .exclude(pk=item_request.pk)
        .select_related("requester")
    )
    ItemRequest.objects.filter(pk__in=[other.pk for other in others]).update(
        status=ItemRequestStatus.NOT_CHOSEN, decided_at=now, updated_at=now
    )
    log(
        instance=listing,
        action="yui.item_request.choose",
        user=by,
        data={"request": item_request.pk},
    )
    _notify(listing, [item_request.requester], Event.CHOSEN, request=item_request.pk)
    _notify(listing, [other.requester for other in others], Event.NOT_CHOSEN)
    return item_request


def _chosen_request(listing: Listing) -> ItemRequest:
    chosen = (
        ItemRequest.objects.select_for_update(of=("self",))
        .select_related("requester")
        .filter(listing=listing, status=ItemRequestStatus.CHOSEN)
        .first()
    )
    if chosen is None:
        _refuse(_("Nobody has been chosen for this listing."), "not_promised")
    return chosen


@transaction.atomic
def undo_item_request_choice(*, listing: Listing, by) -> ItemRequest:
    """Back to open: the chosen request and the ones that went to someone else all wait
    again (and are told so), so the owner can choose again."""
    listing = _lock(listing)
    _require_manager(listing, by)
    chosen = _chosen_request(listing)
    now = timezone.now()
    chosen.status = ItemRequestStatus.WAITING
    chosen.decided_at = None
    chosen.save(update_fields=["status", "decided_at", "updated_at"])
    reopened = _reopen(listing, now=now, exclude_pk=chosen.pk)
    log(
        instance=listing,
        action="yui.item_request.undo_choice",
        user=by,
        data={"request": chosen.pk},
    )
    _notify(listing, [chosen.requester, *(r.requester for r in reopened)], Event.REOPENED)
    return chosen


@transaction.atomic
def fulfil_item_request(*, listing: Listing, by) -> FulfilledExchange:
    """The promised item or skill has been handed over: the chosen request is fulfilled, the
    listing closes as fulfilled (``listings.services.close_listing``) and the exchange is
    recorded."""
    listing = _lock(listing)
    _require_manager(listing, by)
    chosen = _chosen_request(listing)
    close_listing(listing=listing, by=by, reason=ClosedReason.FULFILLED)
    exchange = record_fulfilled_exchange(listing=listing)
    _notify(listing, [chosen.requester], Event.FULFILLED)
    return exchange


def record_fulfilled_exchange(*, listing: Listing) -> FulfilledExchange | None:
    """Record (once) the exchange of an item or skill listing just closed as fulfilled, and
    mark its chosen request fulfilled. Called by ``fulfil_item_request`` and, for a listing
    closed as fulfilled some other way ("It worked out" on My listings, the admin), by the
    ``post_save`` receiver in ``receivers``. None for other kinds."""
    if listing.kind not in EXCHANGE_KINDS:
        return None
    if listing.status != Status.CLOSED or listing.closed_reason != ClosedReason.FULFILLED:
        return None
    existing = FulfilledExchange.objects.filter(listing=listing).first()
    if existing is not None:
        return existing
    _forget_own_counts(listing.owner_id)
    now = timezone.now()
    chosen = (
        ItemRequest.objects.filter(listing=listing, status=ItemRequestStatus.CHOSEN)
        .select_related("requester")
        .first()
    )
    if chosen is not None:
        chosen.status = ItemRequestStatus.FULFILLED
        chosen.closed_at = now
        chosen.save(update_fields=["status", "closed_at", "updated_at"])
    owner_id = listing.owner_id
    requester_id = chosen.requester_id if chosen is not None else None
    if listing.direction == Direction.OFFER:
        giver_id, receiver_id = owner_id, requester_id
    else:
        giver_id, receiver_id = None, owner_id
    try:
        with transaction.atomic():
            return FulfilledExchange.objects.create(
                listing=listing,
                item_request=chosen,
                giver_id=giver_id,
                receiver_id=receiver_id,
                kind=listing.kind,
                category_id=listing.category_id,
                area=listing.area,
                fulfilled_at=now,
            )
    except IntegrityError:  # recorded meanwhile by another path
        return FulfilledExchange.objects.get(listing=listing)


# Reading: what pages and the API show.


def requests_for_listing(listing: Listing) -> QuerySet:
    """The listing's requests for its managers, open ones first, oldest first within."""
    return (
        ItemRequest.objects.filter(listing=listing)
        .select_related("requester__profile")
        .order_by("created_at", "pk")
    )


def requests_by(user) -> QuerySet:
    """``user``'s own requests, newest first, with their listings."""
    return (
        ItemRequest.objects.filter(requester=user)
        .select_related("listing__category")
        .order_by("-created_at", "-pk")
    )


def promised_listing_ids(listing_ids) -> set[int]:
    """Which of these listings are promised (one query)."""
    ids = [pk for pk in listing_ids if pk is not None]
    if not ids:
        return set()
    return set(
        ItemRequest.objects.chosen().filter(listing_id__in=ids).values_list("listing_id", flat=True)
    )


@transaction.atomic
def conversation_with_requester(*, item_request: ItemRequest, by):
    """The conversation about the listing between ``by`` (its owner, or a coordinator
    answering for it) and the requester: the existing one, else a new one. The requester's
    side is what ``messaging.services.start_conversation`` opens from their side, so both
    arrive in the same conversation."""
    listing = item_request.listing
    _require_manager(listing, by)
    requester = item_request.requester
    if requester.pk == by.pk:
        _refuse(_("This is your own request."), "own_request")
    if is_blocked_between(by.pk, requester.pk):
        raise PermissionDenied(_("You cannot send messages to this person."))
    contact, proxy = listing_contact(listing)
    return open_conversation_about(
        listing,
        asker=requester,
        answerer=by,
        on_behalf_of=proxy if contact is not None and contact.pk == by.pk else None,
        opened_by=by,
    )
