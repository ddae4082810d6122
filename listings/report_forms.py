"""The form a logged-in visitor fills in to report a listing to the coordinators."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReportReason

MAX_REPORT_DETAILS = 1000


class ListingReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this listing?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong with the listing.")},
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=MAX_REPORT_DETAILS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the coordinators read this. Up to 1000 characters."),
    )
