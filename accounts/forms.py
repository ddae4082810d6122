from django import forms
from django.utils.translation import gettext_lazy as _

from listings.models import Category

from .languages import spoken_language_choices
from .models import Profile


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


class ProfileForm(forms.ModelForm):
    spoken_languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=spoken_language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Interests"),
        queryset=Category.objects.top_level(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("We use these to suggest listings and communities."),
    )
    moved_in = forms.DateField(
        label=_("Moved here in"),
        required=False,
        input_formats=["%Y-%m", "%Y/%m", "%Y-%m-%d"],
        widget=MonthInput(attrs={"placeholder": "2025-04"}),
        help_text=_("Year and month, e.g. 2025-04 (optional). Newcomers get extra help."),
        error_messages={"invalid": _("Enter a year and month such as 2025-04.")},
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "area",
            "spoken_languages",
            "interests",
            "moved_in",
            "bio",
            "email_on_message",
            "email_on_match",
            "email_news",
            "large_text",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "email_on_message": forms.RadioSelect,
            "email_on_match": forms.RadioSelect,
        }

    def clean_moved_in(self):
        moved_in = self.cleaned_data.get("moved_in")
        return moved_in.replace(day=1) if moved_in else None


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you, enter your password."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data will be deleted for good."),
        required=True,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."), code="wrong_password")
        return password
