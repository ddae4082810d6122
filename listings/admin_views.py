"""The coordinators' queues in the Wagtail admin: the review queue (approve, or send back with
a reason), the reports queue (hide the listing, or dismiss the report) and the moderation page
of one listing (hide, feature, close)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ClosedReason, Listing, ListingReport, ReportStatus, Status
from .services import (
    approve_listing,
    close_listing,
    dismiss_report,
    hide_reported_listing,
    moderate_listing,
    reject_listing,
)

REPORTS_PER_PAGE = 50


def _require_coordinator(request) -> None:
    if not request.user.is_coordinator:
        raise PermissionDenied


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
    _require_coordinator(request)
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


class ReportDecisionForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[
            ("hide", gettext_lazy("Hide the listing")),
            ("dismiss", gettext_lazy("Dismiss the report")),
        ]
    )
    note = forms.CharField(required=False, max_length=1000)


def open_reports():
    """Open reports, oldest first, each with how many open reports its listing has."""
    open_on_listing = (
        ListingReport.objects.filter(listing=OuterRef("listing"), status=ReportStatus.OPEN)
        .values("listing")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        ListingReport.objects.filter(status=ReportStatus.OPEN)
        .select_related("listing", "reporter__profile")
        .annotate(reports_on_listing=Subquery(open_on_listing))
        .order_by("created_at", "pk")
    )


def reports_queue(request):
    """Open reports of listings, oldest first; a POST hides the listing (resolving every open
    report of it) or dismisses one report with a note."""
    _require_coordinator(request)
    if request.method == "POST":
        form = ReportDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what to do with the report."))
            return redirect("listings_reports_queue")
        report = get_object_or_404(
            ListingReport.objects.select_related("listing"), pk=form.cleaned_data["report"]
        )
        note = form.cleaned_data["note"]
        try:
            if form.cleaned_data["decision"] == "hide":
                hide_reported_listing(report=report, by=request.user, note=note)
                messages.success(
                    request,
                    _("“%(title)s” is hidden and its reports are resolved.")
                    % {"title": report.listing.title},
                )
            else:
                dismiss_report(report=report, by=request.user, note=note)
                messages.success(request, _("The report is dismissed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("listings_reports_queue")
    page = Paginator(open_reports(), REPORTS_PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(request, "listings/admin/reports_queue.html", {"page": page})


MODERATION_ACTIONS = {
    "hide": gettext_lazy("Hide"),
    "unhide": gettext_lazy("Show again"),
    "feature": gettext_lazy("Feature"),
    "unfeature": gettext_lazy("Stop featuring"),
    ClosedReason.FULFILLED: gettext_lazy("Close as fulfilled"),
    ClosedReason.WITHDRAWN: gettext_lazy("Close as withdrawn"),
}


class ModerationForm(forms.Form):
    action = forms.ChoiceField(choices=list(MODERATION_ACTIONS.items()))


def moderate(request, pk: int):
    """One listing's moderation page: hide or show it, feature it or not, close it."""
    _require_coordinator(request)
    listing = get_object_or_404(Listing.objects.select_related("category", "owner"), pk=pk)
    if request.method == "POST":
        form = ModerationForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            try:
                if action in ClosedReason.values:
                    close_listing(listing=listing, by=request.user, reason=action)
                else:
                    moderate_listing(
                        listing=listing,
                        by=request.user,
                        hidden={"hide": True, "unhide": False}.get(action, listing.hidden),
                        featured={"feature": True, "unfeature": False}.get(
                            action, listing.featured
                        ),
                    )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("“%(title)s”: %(action)s — done.")
                    % {"title": listing.title, "action": MODERATION_ACTIONS[action]},
                )
        else:
            messages.error(request, _("Choose what to do with the listing."))
        return redirect("listings_moderate", pk=listing.pk)
    closable = listing.status != Status.CLOSED
    return TemplateResponse(
        request,
        "listings/admin/moderate_listing.html",
        {
            "listing": listing,
            "closable": closable,
            "edit_url": reverse("wagtailsnippets_listings_listing:edit", args=[listing.pk]),
            "history_url": reverse("wagtailsnippets_listings_listing:history", args=[listing.pk]),
        },
    )
