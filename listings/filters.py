"""Filters for browsing listings, shared by the HTML pages and (later) the JSON API.

`ListingFilter` validates the query string (a bad value becomes a form error, never a 500) and
filters a queryset. `ListingFacets` counts what each choice would show, from one grouped query.
"""

import functools
import json
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from accounts.languages import spoken_language_choices

from .models import Category, Direction, Kind, Listing, Terms


class CategoryTree:
    """Every category, loaded in one query, with the parent/child links walked in Python."""

    def __init__(self, categories=None):
        self.categories = list(Category.objects.all() if categories is None else categories)
        self.by_id = {category.pk: category for category in self.categories}
        self.by_slug = {category.slug: category for category in self.categories}
        self.children = {}
        for category in self.categories:
            self.children.setdefault(category.parent_id, []).append(category)

    def descendant_ids(self, category: Category) -> set[int]:
        """The category and everything below it."""
        ids, stack = set(), [category]
        while stack:
            node = stack.pop()
            if node.pk in ids:  # a cycle made in the admin must not hang the page
                continue
            ids.add(node.pk)
            stack.extend(self.children.get(node.pk, []))
        return ids

    def ancestor_ids(self, category_id: int) -> list[int]:
        """The category and the ones above it, nearest first."""
        ids = []
        while category_id is not None and category_id not in ids:
            ids.append(category_id)
            category_id = self.by_id[category_id].parent_id if category_id in self.by_id else None
        return ids

    def in_tree_order(self) -> list[tuple[Category, int]]:
        """(category, depth) pairs, each parent before its children."""
        ordered, seen = [], set()

        def walk(parent_id, depth):
            for category in self.children.get(parent_id, []):
                if category.pk not in seen:
                    seen.add(category.pk)
                    ordered.append((category, depth))
                    walk(category.pk, depth + 1)

        walk(None, 0)
        return ordered


class KeywordForm(forms.Form):
    """The keywords of a search; the view searches before filtering, so that the facets count
    the listings the keywords found."""

    q = forms.CharField(
        label=_("Keywords"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
        help_text=_("For example: スマホ, 野菜, 子ども, English, tiếng Việt"),
    )

    def keywords(self) -> str:
        return self.cleaned_data["q"].strip() if self.is_valid() else ""


# The distances offered round a point, in km, nearest first.
RADII_KM = (1, 3, 5, 10)

# Each facet and the field of a group of listings it counts by.
FACET_FIELDS = {
    "kind": "kind",
    "direction": "direction",
    "category": "category_id",
    "area": "area",
    "language": "languages",
    "free": "terms",
    "km": "band",
}
FACET_NAMES = tuple(FACET_FIELDS)


def within_km_label(km) -> str:
    return _("Within %(km)s km") % {"km": km}


class DistanceForm(forms.Form):
    """Where to measure distance from: the resident's own position (``lat``/``lon``, filled in
    by the browser when they share it) or the centre of a chosen area (``near``); and how far
    (``km``). A chosen area wins over a position, so that picking one works without JavaScript
    even when the page was reached with a shared position."""

    near = forms.ChoiceField(label=_("Near an area"), required=False)
    lat = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.HiddenInput,
    )
    km = forms.TypedChoiceField(label=_("Distance"), required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, areas=()):
        """``areas``: the Area rows that have a centre."""
        super().__init__(data)
        self.centres = {area.name: (area.latitude, area.longitude) for area in areas}
        self.fields["near"].choices = [("", _("Choose an area"))] + [
            (area.name, area.display_name) for area in areas
        ]
        self.fields["km"].choices = [("", _("Any distance"))] + [
            (str(km), within_km_label(km)) for km in RADII_KM
        ]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("lat") is None) != (cleaned.get("lon") is None) and not (
            self.errors.get("lat") or self.errors.get("lon")
        ):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        return cleaned

    @property
    def point(self) -> tuple[float, float] | None:
        """(latitude, longitude) to measure from, or None."""
        if not self.is_valid():
            return None
        near, lat, lon = (self.cleaned_data.get(name) for name in ("near", "lat", "lon"))
        if near:
            return self.centres[near]
        return (lat, lon) if lat is not None and lon is not None else None

    @property
    def selected(self) -> dict:
        """The valid, non-empty values that place the point and limit the distance."""
        if self.point is None:
            return {}
        values = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        if values.get("near"):
            values.pop("lat", None)
            values.pop("lon", None)
        return values


class Sort(models.TextChoices):
    RELEVANCE = "relevance", _("Most relevant")
    NEWEST = "newest", _("Newest")
    NEAREST = "nearest", _("Nearest")


class SortForm(forms.Form):
    """The order of the results. Relevance needs keywords and nearest needs a point; an order
    that does not apply (a bookmark from a search with keywords or a place) falls back to the
    default: relevance with keywords, else newest. An unknown order is an error."""

    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.choices)

    def __init__(self, data=None, *, keywords: bool, point: bool):
        super().__init__(data)
        self.available = [
            (value, label)
            for value, label in Sort.choices
            if (value != Sort.RELEVANCE or keywords) and (value != Sort.NEAREST or point)
        ]
        self.fields["sort"].widget.choices = self.available
        self.default = Sort.RELEVANCE if keywords else Sort.NEWEST

    @property
    def order(self) -> str:
        chosen = self.cleaned_data.get("sort") if self.is_valid() else None
        return chosen if chosen in dict(self.available) else self.default


class FlagInput(forms.CheckboxInput):
    """A checkbox sent as ``name=1``; the raw value is left for ``FlagField`` to validate."""

    def __init__(self, attrs=None):
        super().__init__({**(attrs or {}), "value": "1"})

    def format_value(self, value):
        return None  # the value attribute is always "1", set above

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.Field):
    """A yes/no filter in the URL: ``1`` (or ``true``, ``on``) is yes; absent, empty or ``0``
    is no; anything else is an error rather than a guess."""

    widget = FlagInput
    YES = frozenset({"1", "true", "on", "yes"})
    NO = frozenset({"", "0", "false", "off", "no"})

    def to_python(self, value):
        if value is None or value is False:
            return False
        if value is True:
            return True
        text = str(value).strip().lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValidationError(_("Use 1 for yes or leave it out."), code="invalid")


class FlagFilter(django_filters.Filter):
    field_class = FlagField


def language_choices(codes=()) -> list[tuple[str, str]]:
    """The languages residents can say they use, then any other text language ``codes``."""
    choices = spoken_language_choices()
    known = {code for code, _label in choices}
    return choices + [(code, code) for code in sorted(set(codes) - known) if code]


class ListingFilter(django_filters.FilterSet):
    """Kind, direction, category (a slug; includes its sub-categories), area, language and
    free only.

    ``language`` (a BCP 47 primary code such as ``vi``) keeps listings whose text is in that
    language OR whose poster can use it (``spoken_languages``); the codes accepted are the
    spoken-language codes (``accounts.languages``) plus the text languages in ``languages``
    (pass those seen among the listings). ``free=1`` keeps listings whose terms are free.

    Pass `categories` (a CategoryTree) to reuse an already-loaded tree; otherwise one is loaded.
    Invalid values are reported on `form` and the filter they belong to is left out.
    """

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Kind.choices, empty_label=_("All kinds")
    )
    direction = django_filters.ChoiceFilter(
        label=_("Offer or request"),
        choices=Direction.choices,
        empty_label=_("Offers and requests"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), empty_label=_("All categories"), method="filter_category"
    )
    area = django_filters.CharFilter(label=_("Area"), max_length=80, method="filter_area")
    language = django_filters.ChoiceFilter(
        label=_("Language"), empty_label=_("All languages"), method="filter_language"
    )
    free = FlagFilter(label=_("Free only"), method="filter_free")

    class Meta:
        model = Listing
        fields = ["kind", "direction", "category", "area", "language", "free"]

    def __init__(
        self, data=None, queryset=None, *, categories=None, areas=(), languages=(), **kwargs
    ):
        super().__init__(data, queryset, **kwargs)
        self.filters["language"].extra["choices"] = language_choices(languages)
        self.category_tree = categories or CategoryTree()
        self.filters["category"].extra["choices"] = [
            (category.slug, "\u3000" * depth + category.name)
            for category, depth in self.category_tree.in_tree_order()
        ]
        # Any area is accepted (a shared link may name one that has no listings today); the
        # select offers the known ones, and the asked-for one so that it stays selected.
        areas = list(areas)
        current = (data or {}).get("area")
        if current and current not in areas and len(current) <= 80:
            areas.append(current)
        self.filters["area"].extra["widget"] = forms.Select(
            choices=[("", _("All areas")), *((area, area) for area in areas)]
        )

    def filter_category(self, queryset, name, value):
        category = self.category_tree.by_slug[value]
        return queryset.filter(category_id__in=self.category_tree.descendant_ids(category))

    def filter_area(self, queryset, name, value):
        return queryset.filter(area=value)

    def filter_language(self, queryset, name, value):
        return queryset.in_language(value)

    def filter_free(self, queryset, name, value):
        return queryset.filter(terms=Terms.FREE) if value else queryset

    @property
    def selected(self) -> dict:
        """The valid, non-empty filter values."""
        self.errors  # noqa: B018 -- validates the form
        cleaned = getattr(self.form, "cleaned_data", {})
        return {name: cleaned[name] for name in self.filters if cleaned.get(name)}


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool = False
    depth: int = 0
    url: str = ""  # set by the page: this choice added to (or, if selected, removed from) a search


class _Cell(NamedTuple):
    """One group of listings that every facet treats alike."""

    kind: str
    direction: str
    category_id: int
    area: str
    language: str
    spoken: frozenset
    terms: str
    band: int | None  # index in RADII_KM of the nearest circle holding the listing
    count: int

    @property
    def languages(self) -> set[str]:
        """The text's language and the languages its poster can use."""
        return {self.language, *self.spoken}


class ListingFacets:
    """Counts for each kind, direction, category, area, language, free only and distance, in
    one query.

    Each facet counts what would be shown if its own filter were changed and the others kept
    (so choosing a kind still shows how many of each other kind there are). The listings are
    grouped by (kind, direction, category, area, language, spoken languages, terms and, given a
    ``point``, distance band) in the database; the number of groups is bounded by those
    vocabularies, not by the number of listings.
    """

    FIELDS = ("kind", "direction", "category_id", "area", "language", "spoken_text", "terms")

    def __init__(self, queryset, *, categories: CategoryTree, point=None):
        self.tree = categories
        self.point = point
        # The spoken languages as their JSON text: a few distinct lists, decoded once each.
        queryset = queryset.order_by().annotate(
            spoken_text=Cast("spoken_languages", output_field=TextField())
        )
        fields = self.FIELDS
        if point is not None:
            queryset = queryset.annotate_distance_band(*point, RADII_KM)
            fields = (*fields, "distance_band")
        self.cells = [
            _Cell(*row[:5], _spoken(row[5]), row[6], *_band_and_count(row, point))
            for row in queryset.values_list(*fields).annotate(count=Count("pk"))
        ]
        self.select({})

    def select(self, selected: dict) -> "ListingFacets":
        """Count under these filter values (ListingFilter.selected, plus ``km``)."""
        self.selected = selected
        category = self.tree.by_slug.get(selected.get("category", ""))
        self.category_ids = self.tree.descendant_ids(category) if category else set()
        self._tally()
        return self

    def _tests(self) -> list[tuple[str, object]]:
        """(facet, test of a group) for each selected filter."""
        selected = self.selected
        tests = {
            "kind": lambda cell: cell.kind == selected["kind"],
            "direction": lambda cell: cell.direction == selected["direction"],
            "category": lambda cell: cell.category_id in self.category_ids,
            "area": lambda cell: cell.area == selected["area"],
            "language": lambda cell: selected["language"] in cell.languages,
            "free": lambda cell: cell.terms == Terms.FREE,
            "km": lambda cell: (
                self.point is None
                or (cell.band is not None and RADII_KM[cell.band] <= int(selected["km"]))
            ),
        }
        return [(name, test) for name, test in tests.items() if selected.get(name)]

    def _tally(self) -> None:
        """Every facet's counts in one pass over the groups: a group that passes every filter
        counts everywhere; one that fails a single filter counts only in that filter's facet,
        which is counted as if that filter were changed."""
        tests = self._tests()
        self.counts = {name: Counter() for name in FACET_NAMES}
        self.total = 0
        for cell in self.cells:
            failed = None
            for name, test in tests:
                if not test(cell):
                    if failed is not None:
                        break
                    failed = name
            else:
                if failed is None:
                    self.total += cell.count
                for name in FACET_NAMES if failed is None else (failed,):
                    self._add(name, cell)

    def _add(self, name: str, cell: _Cell) -> None:
        counts = self.counts[name]
        if name == "language":
            for code in cell.languages:
                counts[code] += cell.count
        else:
            counts[getattr(cell, FACET_FIELDS[name])] += cell.count

    def kinds(self) -> list[Facet]:
        counts = self.counts["kind"]
        return [
            Facet(value, label, counts[value], self.selected.get("kind") == value)
            for value, label in Kind.choices
        ]

    def directions(self) -> list[Facet]:
        counts = self.counts["direction"]
        return [
            Facet(value, label, counts[value], self.selected.get("direction") == value)
            for value, label in Direction.choices
        ]

    def categories(self) -> list[Facet]:
        """Every category in tree order, each counting its sub-categories' listings too."""
        counts = Counter()
        for category_id, count in self.counts["category"].items():
            for ancestor_id in self.tree.ancestor_ids(category_id):
                counts[ancestor_id] += count
        return [
            Facet(
                category.slug,
                category.name,
                counts[category.pk],
                self.selected.get("category") == category.slug,
                depth,
            )
            for category, depth in self.tree.in_tree_order()
        ]

    def areas(self) -> list[Facet]:
        counts = self.counts["area"]
        return [
            Facet(area, area, counts[area], self.selected.get("area") == area)
            for area in sorted(self.all_areas())
        ]

    def all_areas(self) -> list[str]:
        return sorted({cell.area for cell in self.cells if cell.area})

    def languages(self) -> list[Facet]:
        """Each language with the listings written in it or whose poster can use it (a
        listing in Japanese by someone who also speaks Vietnamese counts for both)."""
        counts = self.counts["language"]
        return [
            Facet(code, label, counts[code], self.selected.get("language") == code)
            for code, label in language_choices(self.all_languages())
        ]

    def all_languages(self) -> list[str]:
        """The text languages of the listings (for ``ListingFilter(languages=...)``)."""
        return sorted({cell.language for cell in self.cells if cell.language})

    def free(self) -> Facet:
        counts = self.counts["free"]
        return Facet("1", str(_("Free only")), counts[Terms.FREE], bool(self.selected.get("free")))

    def distances(self) -> list[Facet]:
        """How many listings lie within each of RADII_KM of the point (none without one)."""
        if self.point is None:
            return []
        bands = self.counts["km"]
        selected = str(self.selected.get("km", ""))
        return [
            Facet(
                str(km),
                str(_("Within %(km)s km") % {"km": km}),
                sum(n for band, n in bands.items() if band is not None and band <= index),
                selected == str(km),
            )
            for index, km in enumerate(RADII_KM)
        ]


@functools.lru_cache(maxsize=1024)
def _spoken(text: str | None) -> frozenset:
    try:
        codes = json.loads(text) if text else []
    except ValueError:
        return frozenset()
    return (
        frozenset(code for code in codes if isinstance(code, str))
        if isinstance(codes, list)
        else frozenset()
    )


def _band_and_count(row, point) -> tuple:
    return (row[7], row[8]) if point is not None else (None, row[7])
