"""Reporting a listing to the coordinators: a small form on every listing page."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Listing
from ..report_forms import ListingReportForm
from ..services import report_listing


def report(request, pk: int):
    """GET shows the report form on its own page; POST files the report and thanks the
    reporter on the listing's page, or shows the form again with what was wrong."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    listing = get_object_or_404(Listing.objects.visible_to(request.user), pk=pk)
    if listing.owner_id == request.user.pk:
        raise PermissionDenied(_("You cannot report your own listing."))
    form = ListingReportForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            report_listing(
                listing=listing,
                by=request.user,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The coordinators will look at this listing."))
            return redirect(reverse("listings:detail", args=[listing.pk]))
    return render(request, "listings/report_listing.html", {"listing": listing, "form": form})
