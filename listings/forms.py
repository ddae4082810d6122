"""The form a resident posts or edits a listing with: one page that works without JavaScript."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.languages import spoken_language_choices

from .models import (
    KIND_FIELDS,
    MAX_PHOTOS_PER_LISTING,
    Area,
    Category,
    Direction,
    Kind,
    Listing,
    Terms,
)
from .photos import ACCEPTED_FORMATS, process_photo
from .services import add_listing_photos, describe_listing_photos, remove_listing_photo

KIND_LEGENDS = {
    Kind.SKILL: _("About the skill"),
    Kind.ITEM: _("About the item"),
    Kind.SPACE: _("About the space"),
    Kind.ACTIVITY: _("About the activity"),
}
KIND_CHOICES = [
    (Kind.SKILL, _("A skill: something you can do, teach or help with")),
    (Kind.ITEM, _("An item: a thing to give, lend or receive")),
    (Kind.SPACE, _("A space: a room, a field, a parking place")),
    (Kind.ACTIVITY, _("An activity: an event, a class or a group")),
]
DIRECTION_CHOICES = [
    (Direction.OFFER, _("I can offer this")),
    (Direction.REQUEST, _("I am looking for this")),
]
TERMS_CHOICES = [
    (Terms.FREE, _("Free")),
    (Terms.FEE, _("For a fee (write the amount below)")),
    (Terms.EXCHANGE, _("In exchange for something (say what below)")),
]

TAG_SEPARATORS = re.compile(r"[,、，;；\n]+")
MAX_TAGS = 10
MAX_TAG_LENGTH = 30
# Sign language is spoken (signed), not written: it cannot be the language of a text.
UNWRITTEN_LANGUAGES = {"jsl"}


def category_choices() -> list[tuple[str, str]]:
    """Every category in one query, each sub-category under its parent and indented."""
    categories = list(Category.objects.all())
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)

    choices = [("", _("Choose a category"))]

    def add(parent_id, depth):
        for category in children.get(parent_id, []):
            choices.append(
                (category.pk, "\u3000" * depth + ("└ " if depth else "") + category.name)
            )
            add(category.pk, depth + 1)

    add(None, 0)
    return choices


def text_language_choices(current: str | None) -> list[tuple[str, str]]:
    choices = [
        (code, label)
        for code, label in spoken_language_choices()
        if code not in UNWRITTEN_LANGUAGES
    ]
    if current and current not in {code for code, _label in choices}:
        choices.append((current, current))
    return choices


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class MultiplePhotoInput(forms.ClearableFileInput):
    """A file input that takes several photos at once."""

    allow_multiple_selected = True

    def __init__(self, attrs=None):
        accept = ",".join(f"image/{name.lower()}" for name in ACCEPTED_FORMATS)
        super().__init__(attrs={"accept": accept, **(attrs or {})})


class PhotosField(forms.FileField):
    """Zero or more photos, each checked and re-encoded by `listings.photos.process_photo`;
    cleans to a list of `ProcessedPhoto`. Every bad file is named in the errors."""

    widget = MultiplePhotoInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        processed, errors = [], []
        for upload in files:
            upload = super().clean(upload, initial)
            if not upload:
                continue
            try:
                processed.append(process_photo(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return processed


def area_choices() -> list[tuple[str, str]]:
    """(the name stored on listings, the name in the page's language) of the coordinators'
    areas, for suggestions under the area field."""
    return [(area.name, area.display_name) for area in Area.objects.all()]


class ListingForm(forms.ModelForm):
    """Kind, direction, the text, terms, and the fields of every kind in their own fieldset.

    All fields are on the page so that it works without JavaScript; only the fields of the
    chosen kind are kept, and errors in the fields of other kinds are ignored.
    """

    kind = forms.ChoiceField(label=_("What is it?"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    direction = forms.ChoiceField(
        label=_("Are you offering it or looking for it?"),
        choices=DIRECTION_CHOICES,
        widget=forms.RadioSelect,
    )
    tags = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=400,
        help_text=_("Separate them with commas, e.g. スマホ、LINE、写真 (optional)."),
    )
    language = forms.ChoiceField(
        label=_("Language you write the listing in"), choices=(), required=True
    )
    spoken_languages = forms.MultipleChoiceField(
        label=_("Languages you can use with the other person"),
        choices=spoken_language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    terms = forms.ChoiceField(
        label=pgettext_lazy("listing", "Terms"),
        choices=TERMS_CHOICES,
        widget=forms.RadioSelect,
        initial=Terms.FREE,
    )
    photos = PhotosField(label=_("Add photos"), required=False)
    photo_alt_text = forms.CharField(
        label=_("What do the new photos show?"),
        required=False,
        max_length=200,
        help_text=_("A short description for people who cannot see the photos (optional)."),
    )

    class Meta:
        model = Listing
        fields = [
            "kind",
            "direction",
            "title",
            "description",
            "category",
            "tags",
            "language",
            "area",
            "availability",
            "terms",
            "fee_amount",
            "exchange_note",
            "spoken_languages",
            "latitude",
            "longitude",
            *(name for names in KIND_FIELDS.values() for name in names),
            "community",
        ]
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "category": _("Category"),
            "area": _("Area"),
            "availability": _("When are you available?"),
            "fee_amount": _("Fee (yen)"),
            "exchange_note": _("What you would like in exchange"),
            "latitude": _("Latitude"),
            "longitude": _("Longitude"),
        }
        help_texts = {
            "title": _("A short title, e.g. スマホの使い方を教えます."),
            "description": _("What, for whom, and anything the other person should know."),
            "area": _("Your neighbourhood, e.g. 城東. Do not write your address."),
            "availability": _("e.g. weekday mornings, Saturdays (optional)."),
            "latitude": _("e.g. 35.3786"),
            "longitude": _("e.g. 136.9446"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "item_condition": forms.RadioSelect,
            "item_transfer": forms.RadioSelect,
            "skill_mode": forms.RadioSelect,
            "space_facilities": forms.Textarea(attrs={"rows": 3}),
            "activity_starts_at": DateTimeLocalInput,
            "fee_amount": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "item_quantity": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "space_capacity": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "activity_capacity": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "area": forms.TextInput(attrs={"list": "area-choices", "autocomplete": "off"}),
            "latitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        self.fields["language"].choices = text_language_choices(self.instance.language)
        for names in KIND_FIELDS.values():
            for name in names:
                self.fields[name].required = False
        for name in ("item_condition", "item_transfer", "skill_mode"):
            # A radio list without the empty "---------" choice; nothing ticked means blank.
            self.fields[name].choices = [
                choice for choice in self.fields[name].choices if choice[0] != ""
            ]
        if self.instance.pk:
            separator = "、" if (get_language() or "").startswith("ja") else ", "
            self.initial["tags"] = separator.join(self.instance.tags)
        else:
            self.initial.setdefault("language", (get_language() or "ja").split("-")[0])
            profile = getattr(user, "profile", None)
            if profile is not None:
                self.initial.setdefault("area", profile.area)
                self.initial.setdefault("spoken_languages", profile.spoken_languages)
        self.fields["photos"].help_text = _(
            "Up to %(count)d photos in all: JPEG, PNG or WebP, each at most 10 MB. "
            "Location data in the photos is removed."
        ) % {"count": MAX_PHOTOS_PER_LISTING}
        self.photos_kept = self._add_photo_fields()
        self._limit_communities(user)

    def _limit_communities(self, user) -> None:
        """Offer only the communities ``user`` organises (and the one already linked); no
        field at all for someone who organises none."""
        from communities.models import Community, MemberRole, MemberStatus

        organised = Community.objects.none()
        if user is not None and user.is_authenticated:
            organised = Community.objects.filter(
                members__user=user,
                members__role=MemberRole.ORGANISER,
                members__status=MemberStatus.ACTIVE,
            )
        if self.instance.community_id:
            organised = organised | Community.objects.filter(pk=self.instance.community_id)
        choices = organised.distinct().order_by("name")
        if not choices.exists():
            del self.fields["community"]
            return
        field = self.fields["community"]
        field.queryset = choices
        field.label = _("Part of a community you organise (optional)")
        field.empty_label = _("No community")
        field.help_text = _("The listing is shown on the community's page.")

    def _add_photo_fields(self) -> list:
        """A description and a "remove" box for each photo the listing already has."""
        if not self.instance.pk:
            return []
        photos = list(self.instance.photos.all())
        for number, photo in enumerate(photos, start=1):
            self.fields[f"photo_{photo.pk}_alt"] = forms.CharField(
                label=_("What photo %(number)d shows") % {"number": number},
                required=False,
                max_length=200,
                initial=photo.alt_text,
            )
            self.fields[f"photo_{photo.pk}_remove"] = forms.BooleanField(
                label=_("Remove photo %(number)d") % {"number": number}, required=False
            )
        return photos

    def existing_photos(self) -> list[tuple]:
        """(photo, its description field, its "remove" field) for the template."""
        return [
            (photo, self[f"photo_{photo.pk}_alt"], self[f"photo_{photo.pk}_remove"])
            for photo in self.photos_kept
        ]

    def photos_to_remove(self) -> list:
        return [
            photo for photo in self.photos_kept if self.cleaned_data.get(f"photo_{photo.pk}_remove")
        ]

    def photo_descriptions(self) -> dict[int, str]:
        return {
            photo.pk: self.cleaned_data.get(f"photo_{photo.pk}_alt", "")
            for photo in self.photos_kept
        }

    def photos_were_chosen(self) -> bool:
        """Whether files were sent: a browser cannot keep them when the form comes back."""
        return any(getattr(upload, "name", "") for upload in self.files.getlist("photos"))

    def area_choices(self) -> list[tuple[str, str]]:
        return area_choices()

    def clean_tags(self) -> list[str]:
        tags = []
        for tag in TAG_SEPARATORS.split(self.cleaned_data["tags"]):
            tag = tag.strip().lstrip("#＃").strip()
            if tag and tag not in tags:
                tags.append(tag)
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(
                _("Use at most %(count)d keywords.") % {"count": MAX_TAGS}, code="too_many"
            )
        if any(len(tag) > MAX_TAG_LENGTH for tag in tags):
            raise forms.ValidationError(
                _("Keep each keyword under %(length)d characters.") % {"length": MAX_TAG_LENGTH},
                code="too_long",
            )
        return tags

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("kind")
        if kind:
            for other_kind, names in KIND_FIELDS.items():
                if other_kind != kind:
                    for name in names:
                        self._errors.pop(name, None)
                        cleaned_data[name] = self.fields[name].to_python(None)
        terms = cleaned_data.get("terms")
        if terms and terms != Terms.FEE:
            self._errors.pop("fee_amount", None)
            cleaned_data["fee_amount"] = None
        if terms and terms != Terms.EXCHANGE:
            cleaned_data["exchange_note"] = ""
        elif terms == Terms.EXCHANGE and not cleaned_data.get("exchange_note"):
            self.add_error("exchange_note", _("Say what you would like in exchange."))
        if self.has_error("latitude") or self.has_error("longitude"):
            # One error is enough: do not also say "give both" for the one left out.
            cleaned_data.pop("latitude", None)
            cleaned_data.pop("longitude", None)
        new_photos = cleaned_data.get("photos") or []
        count = len(self.photos_kept) - len(self.photos_to_remove()) + len(new_photos)
        if new_photos and count > MAX_PHOTOS_PER_LISTING:
            self.add_error(
                "photos",
                ValidationError(
                    _(
                        "A listing can have at most %(max)d photos; this would make %(count)d. "
                        "Remove some photos or choose fewer."
                    )
                    % {"max": MAX_PHOTOS_PER_LISTING, "count": count},
                    code="too_many_photos",
                ),
            )
        return cleaned_data

    def kind_fieldsets(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(kind, legend, bound fields) for each kind, in the order of the kind choices."""
        return [
            (kind, KIND_LEGENDS[kind], [self[name] for name in KIND_FIELDS[kind]])
            for kind, _label in KIND_CHOICES
        ]

    def save(self, commit=True):
        """Save a new listing whole, and only the form's fields of an existing one, so an
        edit never undoes a status change made meanwhile (a review, an expiry). Photos are
        saved by `save_photos`, through the services."""
        if not commit or self.instance._state.adding:
            return super().save(commit=commit)
        self.instance.save(update_fields=[*self._meta.fields, "updated_at"])
        return self.instance

    @property
    def listing_fields(self) -> list[str]:
        return list(self._meta.fields)

    def save_photos(self, *, listing: Listing, by) -> None:
        """Remove the photos ticked for removal, update descriptions, add the new photos."""
        removed = self.photos_to_remove()
        for photo in removed:
            remove_listing_photo(photo=photo, by=by)
        descriptions = {
            pk: text
            for pk, text in self.photo_descriptions().items()
            if pk not in {photo.pk for photo in removed}
        }
        if descriptions:
            describe_listing_photos(listing=listing, by=by, alt_texts=descriptions)
        add_listing_photos(
            listing=listing,
            by=by,
            files=self.cleaned_data.get("photos") or [],
            alt_text=self.cleaned_data.get("photo_alt_text", ""),
        )
