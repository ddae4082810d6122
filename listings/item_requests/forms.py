""" "I'd like this": the optional message to the owner."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.item_requests import MAX_REQUEST_MESSAGE_LENGTH


class ItemRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the owner (optional)"),
        help_text=_("e.g. when you could pick it up, or why you would like it."),
        required=False,
        max_length=MAX_REQUEST_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
