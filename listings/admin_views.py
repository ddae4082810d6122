"""The coordinators' review queue in the Wagtail admin: approve, or send back with a reason."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Listing, Status
from .services import approve_listing, reject_listing


class ReviewDecisionForm(forms.Form):
    listing = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Send back"))]
    )
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def review_queue(request):
    """Pending listings, oldest first; a POST approves or sends back one of them."""
    if not request.user.is_coordinator:
        raise PermissionDenied
    if request.method == "POST":
        form = ReviewDecisionForm(request.POST)
        if form.is_valid():
            listing = get_object_or_404(
                Listing, pk=form.cleaned_data["listing"], status=Status.PENDING
            )
            try:
                if form.cleaned_data["decision"] == "approve":
                    approve_listing(listing=listing, by=request.user)
                    messages.success(request, _("“%(title)s” is published.") % {"title": listing})
                else:
                    reject_listing(
                        listing=listing, by=request.user, reason=form.cleaned_data["reason"]
                    )
                    messages.success(
                        request, _("“%(title)s” was sent back to its owner.") % {"title": listing}
                    )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        return redirect("listings_review_queue")
    pending = (
        Listing.objects.filter(status=Status.PENDING)
        .select_related("category", "owner__profile")
        .order_by("created_at")
    )
    return TemplateResponse(
        request,
        "listings/admin/review_queue.html",
        {"pending": pending, "form_class": ReviewDecisionForm},
    )
