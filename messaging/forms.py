"""The forms of the messaging pages. They only read what was typed: every rule (length, rate
limits, photo checks, who may write) is in ``messaging.services``, which the views call."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import MAX_MESSAGE_LENGTH, MessageReportReason

MAX_REPORT_DETAILS = 2000
_ADDRESS_SEPARATORS = re.compile(r"[\s,、，;；]+")


class MessageForm(forms.Form):
    """A new message: text, an optional photo, or both."""

    body = forms.CharField(
        label=_("Message"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to %(limit)s characters.") % {"limit": f"{MAX_MESSAGE_LENGTH:,}"},
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A JPEG, PNG or WebP photo. Its location data is removed."),
    )


class EditMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=MessageReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=MAX_REPORT_DETAILS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the coordinators read this."),
    )


class MemberAddressesField(forms.CharField):
    """E-mail addresses, one a line (or separated by commas), of people who have an account;
    cleans to a list of users."""

    widget = forms.Textarea(attrs={"rows": 4, "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        addresses = [part for part in _ADDRESS_SEPARATORS.split(value or "") if part]
        if not addresses:
            if self.required:
                raise forms.ValidationError(_("Write at least one e-mail address."))
            return []
        wanted = Q()
        for address in addresses:
            wanted |= Q(email__iexact=address)
        users = {
            user.email.lower(): user
            for user in get_user_model().objects.filter(wanted, is_active=True)
        }
        unknown = [address for address in addresses if address.lower() not in users]
        if unknown:
            raise forms.ValidationError(
                _("Nobody has an account with these addresses: %(addresses)s")
                % {"addresses": ", ".join(unknown)}
            )
        return list({user.pk: user for user in users.values()}.values())


class GroupForm(forms.Form):
    title = forms.CharField(label=_("Name of the group"), max_length=120)
    members = MemberAddressesField(
        label=_("Members' e-mail addresses"),
        required=True,
        help_text=_("One address a line. Everyone must already have an account."),
    )


class AddMembersForm(forms.Form):
    members = MemberAddressesField(
        label=_("E-mail addresses of the people to add"),
        required=True,
        help_text=_("One address a line. Everyone must already have an account."),
    )
