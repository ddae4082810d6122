"""Demo "I'd like this" requests for `make run`: some waiting for an answer, one listing
promised, one exchange fulfilled. Run after the demo users and listings exist; running it
again adds nothing."""

from accounts.models import User
from listings.models import ItemRequest, ItemRequestStatus, Listing, Status

from .services import choose_item_request, fulfil_item_request, request_item

HANAKO, MINH, COORDINATOR = "hanako@yui.example", "minh@yui.example", "coordinator@yui.example"

# (listing ref, requester, message)
DEMO_REQUESTS = [
    ("demo-004", MINH, "Xin chào! I would love some vegetables. I can pick them up on Saturday."),
    ("demo-012", HANAKO, "孫が来年小学校に入ります。ぜひお願いしたいです。"),
    ("demo-011", HANAKO, "孫のために使わせてください。駅前まで取りに行けます。"),
    ("demo-011", COORDINATOR, ""),
    ("demo-029", MINH, "本棚を探していました。週末に取りに伺えます。"),
]
PROMISED = ("demo-011", HANAKO)  # Minh promises his stroller to はなこ
FULFILLED = ("demo-029", MINH)  # the bookshelf went to Minh


def create_demo_item_requests() -> list[ItemRequest]:
    """The demo requests that do not exist yet; returns those created. Skips what it cannot
    make (a missing demo listing or user)."""
    users = {
        user.email: user for user in User.objects.filter(email__in=[HANAKO, MINH, COORDINATOR])
    }
    refs = {ref for ref, _email, _message in DEMO_REQUESTS}
    listings = {
        listing.ref: listing
        for listing in Listing.objects.filter(ref__in=refs).select_related("owner", "posted_by")
    }
    created = []
    for ref, email, message in DEMO_REQUESTS:
        listing, user = listings.get(ref), users.get(email)
        if listing is None or user is None or listing.status != Status.PUBLISHED:
            continue
        if ItemRequest.objects.filter(listing=listing, requester=user).exists():
            continue
        created.append(request_item(listing=listing, by=user, message=message))
    for (ref, email), fulfil in ((PROMISED, False), (FULFILLED, True)):
        listing = listings.get(ref)
        item_request = (
            ItemRequest.objects.filter(
                listing=listing, requester=users.get(email), status=ItemRequestStatus.WAITING
            )
            .select_related("listing")
            .first()
        )
        if listing is None or item_request is None or listing.status != Status.PUBLISHED:
            continue
        if ItemRequest.objects.chosen().filter(listing=listing).exists():
            continue
        manager = listing.owner or listing.posted_by
        if manager is None:
            continue
        choose_item_request(item_request=item_request, by=manager)
        if fulfil:
            fulfil_item_request(listing=listing, by=manager)
    return created
