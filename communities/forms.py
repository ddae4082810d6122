"""The forms of communities: create or edit one, the directory's filters, the board."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.languages import spoken_language_choices
from listings.filters import CategoryTree, KeywordForm
from listings.forms import area_choices, category_choices
from listings.models import Area, ReportReason
from listings.photos import ACCEPTED_FORMATS, process_photo

from .models import Community, CommunityKind, JoinPolicy
from .services import EDITABLE_FIELDS

PHOTO_ACCEPT = ",".join(f"image/{name.lower()}" for name in ACCEPTED_FORMATS)


class PhotoField(forms.FileField):
    """One optional photo, checked and re-encoded by ``listings.photos.process_photo`` (type
    sniffed from the content, size and pixel limits, EXIF and GPS removed); cleans to a
    ``ProcessedPhoto`` or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, None)
        if not upload:
            return None
        return process_photo(upload)


class CommunityForm(forms.ModelForm):
    """A community's description; the photo is checked here and stored by the services."""

    kind = forms.ChoiceField(
        label=_("What kind of community is it?"),
        choices=CommunityKind.choices,
        widget=forms.RadioSelect,
        initial=CommunityKind.CIRCLE,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages used in the community"),
        choices=spoken_language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    join_policy = forms.ChoiceField(
        label=_("Who can join?"),
        choices=JoinPolicy.choices,
        widget=forms.RadioSelect,
        initial=JoinPolicy.OPEN,
    )
    photo = PhotoField(
        label=_("Photo (optional)"),
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Location data in the photo is removed."),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = Community
        fields = list(EDITABLE_FIELDS)
        labels = {
            "name": _("Name of the community"),
            "description": _("Description"),
            "category": _("Category"),
            "area": _("Area"),
            "photo_alt_text": _("What does the photo show?"),
        }
        help_texts = {
            "name": _("e.g. 城東子育てサークル"),
            "description": _("What you do, when and where you meet, and who is welcome."),
            "area": _("The neighbourhood where you meet, e.g. 城東 (optional)."),
            "photo_alt_text": _("A short description for people who cannot see the photo."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "area": forms.TextInput(attrs={"list": "area-choices", "autocomplete": "off"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        if not self.instance.pk:
            del self.fields["remove_photo"]
            profile = getattr(user, "profile", None)
            if profile is not None:
                self.initial.setdefault("area", profile.area)
                self.initial.setdefault("languages", profile.spoken_languages)
        elif not self.instance.photo:
            del self.fields["remove_photo"]

    def area_choices(self) -> list[tuple[str, str]]:
        return area_choices()

    def photo_was_chosen(self) -> bool:
        """Whether a file was sent: a browser cannot keep it when the form comes back."""
        return bool(getattr(self.files.get("photo"), "name", ""))

    def community_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class DirectoryForm(KeywordForm):
    """The directory's filters; a bad value is shown as an error and that filter ignored."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, data=None, *, tree: CategoryTree, areas):
        super().__init__(data)
        self.tree = tree
        self.fields["q"].help_text = _("For example: 子育て, ベトナム, português")
        self.fields["kind"].choices = [("", _("Any kind")), *CommunityKind.choices]
        self.fields["category"].choices = [("", _("Any category"))] + [
            (category.slug, "\u3000" * depth + category.name)
            for category, depth in tree.in_tree_order()
        ]
        self.fields["area"].choices = [("", _("Any area"))] + [
            (area.name, area.display_name) for area in areas
        ]
        self.fields["language"].choices = [("", _("Any language")), *spoken_language_choices()]

    def filter(self, communities):
        """``communities`` narrowed by every valid filter, and by the keywords."""
        if not self.is_bound:
            return communities
        self.is_valid()
        values = {
            name: self.cleaned_data.get(name)
            for name in ("kind", "category", "area", "language")
            if name not in self.errors
        }
        if values.get("kind"):
            communities = communities.filter(kind=values["kind"])
        if values.get("category"):
            category = self.tree.by_slug[values["category"]]
            communities = communities.filter(category_id__in=self.tree.descendant_ids(category))
        if values.get("area"):
            communities = communities.filter(area=values["area"])
        if values.get("language"):
            communities = communities.in_language(values["language"])
        keywords = "" if "q" in self.errors else (self.cleaned_data.get("q") or "").strip()
        if keywords:
            communities = communities.search(keywords)
        return communities


class BoardPostForm(forms.Form):
    body = forms.CharField(
        label=_("Your post"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only members can read the board. Links are made clickable."),
        error_messages={"required": _("Write something to post.")},
    )
    photo = PhotoField(label=_("Add a photo (optional)"))


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write something to post.")},
    )


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("A few words for the organisers (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PostReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong with the post.")},
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the coordinators read this. Up to 1000 characters."),
    )


def directory_areas():
    """The coordinators' areas, for the directory's area filter."""
    return list(Area.objects.all())


def raise_as_form_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its fields where it names them."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
