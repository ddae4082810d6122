"""A resident's own listings: post, edit, and move them through their life.

Every status change goes through listings/services.py; these views only find the listing the
user may act on, call the service and say what happened.
"""

import datetime
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..forms import ListingForm
from ..models import ClosedReason, Listing, ListingSettings, Status
from ..services import close_listing, renew_listing, submit_listing, update_listing

PUBLISH = "publish"


def access_listing_for_editing(user, pk: int) -> Listing:
    """The listing `pk` if `user` may change it. A listing the user cannot see answers 404, one
    they can see but not change (someone else's published listing) answers 403."""
    try:
        listing = Listing.objects.visible_to(user).select_related("category").get(pk=pk)
    except Listing.DoesNotExist:
        raise Http404 from None
    if not listing.can_be_edited_by(user):
        raise PermissionDenied(_("Only the listing's owner or a coordinator can do this."))
    return listing


def listing_action(view):
    """A POST-only action on one listing, for a logged-in user who may change it.

    A GET answers 405. Someone whose session ended is sent to log in and then back to their
    listings, since the action's own URL cannot be opened with a GET.
    """

    @require_POST
    @functools.wraps(view)
    def wrapper(request, pk):
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("listings:mine"))
        listing = access_listing_for_editing(request.user, pk)
        try:
            view(request, listing)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(f"{reverse('listings:mine')}#listing-{listing.pk}")

    return wrapper


def announce_submitted(request, listing: Listing) -> None:
    if listing.status == Status.PENDING:
        messages.success(
            request,
            _(
                "“%(title)s” has been sent to the coordinators. "
                "They will check it before it is published."
            )
            % {"title": listing.title},
        )
    else:
        announce_published(request, listing)


def announce_published(request, listing: Listing) -> None:
    messages.success(
        request,
        _("“%(title)s” is published until %(date)s.")
        % {
            "title": listing.title,
            "date": formats.date_format(timezone.localtime(listing.expires_at), "DATE_FORMAT"),
        },
    )


def render_listing_form(request, form, listing):
    return render(
        request,
        "listings/listing_form.html",
        {"form": form, "listing": listing, "require_review": require_review(request.user)},
    )


@login_required
def create_listing(request):
    form = ListingForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        listing = form.save(commit=False)
        listing.owner = request.user
        try:
            with transaction.atomic():
                listing.save()
                form.save_photos(listing=listing, by=request.user)
                if request.POST.get("action") == PUBLISH:
                    submit_listing(listing=listing, by=request.user)
        except ValidationError as error:
            # Another request added photos meanwhile, say: nothing was saved.
            listing.pk, listing._state.adding = None, True
            form.add_error(None, error)
            return render_listing_form(request, form, None)
        if listing.status == Status.DRAFT:
            messages.success(
                request,
                _("“%(title)s” is saved as a draft. Only you can see it.")
                % {"title": listing.title},
            )
        else:
            announce_submitted(request, listing)
        return redirect(f"{reverse('listings:mine')}#listing-{listing.pk}")
    return render_listing_form(request, form, None)


@login_required
def edit_listing(request, pk):
    listing = access_listing_for_editing(request.user, pk)
    was_published = listing.status == Status.PUBLISHED
    form = ListingForm(
        request.POST or None, request.FILES or None, instance=listing, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                listing = update_listing(
                    listing=form.instance, by=request.user, fields=form.listing_fields
                )
                form.save_photos(listing=listing, by=request.user)
                publish = request.POST.get("action") == PUBLISH
                if publish and listing.status == Status.DRAFT:
                    submit_listing(listing=listing, by=request.user)
                else:
                    publish = False
        except ValidationError as error:
            form.add_error(None, error)
            return render_listing_form(request, form, listing)
        if publish:
            announce_submitted(request, listing)
        elif was_published and listing.status == Status.PENDING:
            messages.success(
                request,
                _(
                    "Your changes have been saved. The coordinators will check them before "
                    "“%(title)s” is shown again."
                )
                % {"title": listing.title},
            )
        else:
            messages.success(request, _("Your changes have been saved."))
        return redirect(f"{reverse('listings:mine')}#listing-{listing.pk}")
    return render_listing_form(request, form, listing)


def require_review(user) -> bool:
    return ListingSettings.load().require_review and not user.is_coordinator


# The sections of "My listings", in the order a resident needs them.
SECTIONS = [
    ("draft", gettext_lazy("Drafts")),
    ("pending", gettext_lazy("Waiting for review")),
    ("published", gettext_lazy("Published")),
    ("expired", gettext_lazy("Expired")),
    ("closed", gettext_lazy("Closed")),
]


@login_required
def my_listings(request):
    now = timezone.now()
    listing_settings = ListingSettings.load()
    reminder = datetime.timedelta(days=listing_settings.reminder_days)
    by_section = {key: [] for key, _label in SECTIONS}
    listings = (
        Listing.objects.filter(owner=request.user)
        .select_related("category")
        .prefetch_related("photos")
        .order_by("-updated_at", "-pk")
    )
    for listing in listings:
        section = listing.status
        if listing.status == Status.PUBLISHED and listing.expires_at and listing.expires_at <= now:
            # Past its expiry but not yet marked by the expiry job: it is expired to everyone.
            section = Status.EXPIRED
        listing.expires_soon = section == Status.PUBLISHED and (
            listing.expires_at is not None and listing.expires_at - now <= reminder
        )
        by_section[section].append(listing)
    sections = [(key, label, by_section[key]) for key, label in SECTIONS if by_section[key]]
    context = {
        "sections": sections,
        "renewed_until": now + datetime.timedelta(days=listing_settings.expiry_days),
        "require_review": listing_settings.require_review and not request.user.is_coordinator,
    }
    return render(request, "listings/my_listings.html", context)


@listing_action
def submit(request, listing):
    submit_listing(listing=listing, by=request.user)
    announce_submitted(request, listing)


@listing_action
def close(request, listing):
    reason = request.POST.get("reason", "")
    close_listing(listing=listing, by=request.user, reason=reason)
    if reason == ClosedReason.FULFILLED:
        text = _("“%(title)s” is closed. We are glad it worked out!")
    else:
        text = _("“%(title)s” is withdrawn.")
    messages.success(request, text % {"title": listing.title})


@listing_action
def renew(request, listing):
    renew_listing(listing=listing, by=request.user)
    announce_published(request, listing)
