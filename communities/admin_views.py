"""The coordinators' queue of reported board posts in the Wagtail admin: each open report
with the post, to hide the post or dismiss the report (``communities.services``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from listings.models import ReportStatus
from listings.models.reports import RESOLUTION_NOTE_MAX_LENGTH
from messaging.text import render as render_text

from . import services
from .models import PostReport

REPORTS_PER_PAGE = 20


def open_post_reports():
    return (
        PostReport.objects.filter(status=ReportStatus.OPEN)
        .select_related("post__community", "post__author__profile", "reporter__profile")
        .order_by("created_at", "pk")
    )


class PostReportDecisionForm(forms.Form):
    report = forms.IntegerField()
    decision = forms.ChoiceField(choices=[("hide", "hide"), ("dismiss", "dismiss")])
    note = forms.CharField(max_length=RESOLUTION_NOTE_MAX_LENGTH, required=False)


def post_reports_queue(request):
    """Open reports of board posts, oldest first; a POST hides the post or dismisses."""
    if not request.user.is_authenticated or not request.user.is_coordinator:
        raise PermissionDenied
    if request.method == "POST":
        form = PostReportDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what to do with the report."))
            return redirect("communities_post_reports")
        data = form.cleaned_data
        try:
            if data["decision"] == "hide":
                services.hide_reported_post(
                    by=request.user, report_id=data["report"], note=data["note"]
                )
                messages.success(request, _("The post is hidden and the report resolved."))
            else:
                services.dismiss_post_report(
                    by=request.user, report_id=data["report"], note=data["note"]
                )
                messages.success(request, _("The report is dismissed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("communities_post_reports")
    page = Paginator(open_post_reports(), REPORTS_PER_PAGE).get_page(request.GET.get("p"))
    for report in page:
        report.post_html = render_text(report.post.body, masked=False)
    return TemplateResponse(request, "communities/admin/post_reports.html", {"page": page})
