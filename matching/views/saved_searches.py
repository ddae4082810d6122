"""A resident's saved searches: saving the search page's filters, listing and deleting them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from listings.filters import CategoryTree

from ..saved_searches import (
    MAX_SAVED_SEARCHES,
    PARAMETERS,
    delete_saved_search,
    describe_search,
    save_search,
)


@login_required
def saved_search_list(request):
    categories = CategoryTree()
    index_url = reverse("listings:index")
    searches = [
        {
            "saved": saved,
            "label": describe_search(saved.query_string, categories=categories),
            "url": f"{index_url}?{saved.query_string}",
        }
        for saved in request.user.saved_searches.all()
    ]
    return render(
        request,
        "matching/saved_searches.html",
        {"searches": searches, "limit": MAX_SAVED_SEARCHES},
    )


@login_required
@require_POST
def save(request):
    """Save the search posted from the search page (its parameters as hidden fields), then
    go back to it."""
    params = {name: request.POST[name] for name in PARAMETERS if request.POST.get(name)}
    try:
        saved, created = save_search(user=request.user, params=params)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        label = describe_search(saved.query_string)
        if created:
            messages.success(
                request,
                _("Saved. We will tell you about new listings like these: %(search)s.")
                % {"search": label},
            )
        else:
            messages.info(
                request, _("You have already saved this search: %(search)s.") % {"search": label}
            )
    return _back(request)


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("matching:saved_searches")


@login_required
@require_POST
def delete(request, pk: int):
    delete_saved_search(user=request.user, saved_search_id=pk)
    messages.success(request, _("The saved search has been deleted."))
    return redirect("matching:saved_searches")
