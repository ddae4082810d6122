"""A listing's page: everything about it but the owner's contact details."""

from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.languages import spoken_language_choices

from ..models import KIND_FIELDS, Listing, Status

RELATED_LISTINGS = 4


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
