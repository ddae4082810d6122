""" "I'd like this" pages: ask, withdraw, the owner's list of requesters with the choice, and
"My requests". Thin: each finds what the user may act on, calls ``services`` and says what
happened."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import ItemRequest, ItemRequestStatus, Listing
from . import services
from .forms import ItemRequestForm

MY_REQUESTS_PER_PAGE = 30


def _detail_url(listing_id: int) -> str:
    return reverse("listings:detail", args=[listing_id]) + "#item-request-heading"


def _requests_url(listing_id: int) -> str:
    return reverse("listings:item_requests", args=[listing_id])


def _say_errors(request, error: ValidationError | PermissionDenied) -> None:
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in texts:
        messages.error(request, text or _("This cannot be done."))


def request_item(request, pk: int):
    """GET: the form on its own page (where the login sends people back to); POST: the
    request, then back to the listing's page. A refusal is shown next to the message."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("listings:request_item", args=[pk]))
    listing = get_object_or_404(Listing.objects.visible_to(request.user), pk=pk)
    if not services.is_requestable(listing):
        raise Http404
    form = ItemRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_item(
                listing=listing, by=request.user, message=form.cleaned_data["message"]
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                texts = error.messages if isinstance(error, ValidationError) else [str(error)]
                for text in texts:
                    form.add_error(None, text)
        else:
            messages.success(
                request,
                _("Your request has been sent. You will be told when the owner answers."),
            )
            return redirect(_detail_url(listing.pk))
    refusal = services.request_refusal(listing=listing, user=request.user)
    own = ItemRequest.objects.open().filter(listing=listing, requester=request.user).first()
    return render(
        request,
        "listings/item_requests/request_form.html",
        {"listing": listing, "form": form, "refusal": refusal, "own_request": own},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def withdraw(request, request_id: int):
    item_request = services.access_own_item_request(request.user, request_id)
    try:
        services.withdraw_item_request(item_request=item_request, by=request.user)
    except ValidationError as error:
        _say_errors(request, error)
    else:
        messages.success(
            request,
            _("You withdrew your request for “%(title)s”.") % {"title": item_request.listing.title},
        )
    if request.POST.get("next") == "listing":
        return redirect(_detail_url(item_request.listing_id))
    return redirect("listings:my_item_requests")


@login_required
def listing_requests(request, pk: int):
    """The requesters of one listing, for its owner and the coordinators: who, their
    message, when; choose one, undo, mark it handed over, message them."""
    listing = services.access_listing_requests(request.user, pk)
    item_requests = list(services.requests_for_listing(listing))
    chosen = next((r for r in item_requests if r.status == ItemRequestStatus.CHOSEN), None)
    waiting = [r for r in item_requests if r.status == ItemRequestStatus.WAITING]
    earlier = [
        r for r in item_requests if r.status != ItemRequestStatus.WAITING and r is not chosen
    ]
    return render(
        request,
        "listings/item_requests/listing_requests.html",
        {
            "listing": listing,
            "chosen": chosen,
            "waiting": waiting,
            "earlier": earlier,
            "is_open": listing.is_public,
        },
    )


def manager_action(view):
    """A POST on one listing's requests by someone who may manage them; back to the
    requesters page with what happened (or why not)."""

    @login_required
    @require_POST
    @functools.wraps(view)
    def wrapper(request, pk: int, **kwargs):
        listing = services.access_listing_requests(request.user, pk)
        try:
            response = view(request, listing, **kwargs)
        except ValidationError as error:
            _say_errors(request, error)
            response = None
        return response or redirect(_requests_url(listing.pk))

    return wrapper


def _listing_request(listing: Listing, request_id: int) -> ItemRequest:
    return get_object_or_404(
        ItemRequest.objects.select_related("requester__profile", "listing"),
        pk=request_id,
        listing=listing,
    )


@manager_action
def choose(request, listing, request_id: int):
    item_request = _listing_request(listing, request_id)
    services.choose_item_request(item_request=item_request, by=request.user)
    messages.success(
        request,
        _("You chose %(name)s. They have been told; send them a message to arrange the hand-over.")
        % {"name": item_request.requester.display_name},
    )


@manager_action
def undo_choice(request, listing):
    services.undo_item_request_choice(listing=listing, by=request.user)
    messages.success(request, _("The listing is open again. You can choose someone else."))


@manager_action
def fulfil(request, listing):
    services.fulfil_item_request(listing=listing, by=request.user)
    messages.success(
        request,
        _("“%(title)s” is marked as handed over and closed. Thank you for sharing!")
        % {"title": listing.title},
    )
    if listing.owner_id == request.user.pk:
        return redirect("listings:mine")
    return redirect("listings:detail", listing.pk)


@manager_action
def message_requester(request, listing, request_id: int):
    item_request = _listing_request(listing, request_id)
    try:
        conversation = services.conversation_with_requester(
            item_request=item_request, by=request.user
        )
    except PermissionDenied as error:
        _say_errors(request, error)
        return None
    return redirect("messaging:conversation", conversation.pk)


@login_required
def my_item_requests(request):
    """The user's requests, newest first, with where each stands."""
    paginator = Paginator(services.requests_by(request.user), MY_REQUESTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "listings/item_requests/my_requests.html",
        {"page": page, "item_requests": page.object_list},
    )
