"""The form a resident posts or edits a listing with: one page that works without JavaScript."""

import re

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.languages import spoken_language_choices

from .models import KIND_FIELDS, Category, Direction, Kind, Listing, Terms

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
        label=_("Terms"), choices=TERMS_CHOICES, widget=forms.RadioSelect, initial=Terms.FREE
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
            *(name for names in KIND_FIELDS.values() for name in names),
        ]
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "category": _("Category"),
            "area": _("Area"),
            "availability": _("When are you available?"),
            "fee_amount": _("Fee (yen)"),
            "exchange_note": _("What you would like in exchange"),
        }
        help_texts = {
            "title": _("A short title, e.g. スマホの使い方を教えます."),
            "description": _("What, for whom, and anything the other person should know."),
            "area": _("Your neighbourhood, e.g. 城東. Do not write your address."),
            "availability": _("e.g. weekday mornings, Saturdays (optional)."),
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
        return cleaned_data

    def kind_fieldsets(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(kind, legend, bound fields) for each kind, in the order of the kind choices."""
        return [
            (kind, KIND_LEGENDS[kind], [self[name] for name in KIND_FIELDS[kind]])
            for kind, _label in KIND_CHOICES
        ]

    def save(self, commit=True):
        """Save a new listing whole, and only the form's fields of an existing one, so an
        edit never undoes a status change made meanwhile (a review, an expiry)."""
        if not commit or self.instance._state.adding:
            return super().save(commit=commit)
        self.instance.save(update_fields=[*self._meta.fields, "updated_at"])
        return self.instance
