"""Filters for browsing listings, shared by the HTML pages and (later) the JSON API.

`ListingFilter` validates the query string (a bad value becomes a form error, never a 500) and
filters a queryset. `ListingFacets` counts what each choice would show, from one grouped query.
"""

from collections import Counter
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Category, Direction, Kind, Listing


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


class ListingFilter(django_filters.FilterSet):
    """Kind, direction, category (a slug; includes its sub-categories) and area.

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

    class Meta:
        model = Listing
        fields = ["kind", "direction", "category", "area"]

    def __init__(self, data=None, queryset=None, *, categories=None, areas=(), **kwargs):
        super().__init__(data, queryset, **kwargs)
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


class ListingFacets:
    """Counts for each kind, direction, category and area, in one query.

    Each facet counts what would be shown if its own filter were changed and the others kept
    (so choosing a kind still shows how many of each other kind there are). The listings are
    grouped by (kind, direction, category, area) in the database; the number of groups is bounded
    by the taxonomy and the areas, not by the number of listings.
    """

    def __init__(self, queryset, *, categories: CategoryTree):
        self.tree = categories
        self.cells = list(
            queryset.order_by()
            .values_list("kind", "direction", "category_id", "area")
            .annotate(count=Count("pk"))
        )
        self.select({})

    def select(self, selected: dict) -> "ListingFacets":
        """Count under these filter values (ListingFilter.selected)."""
        self.selected = selected
        category = self.tree.by_slug.get(selected.get("category", ""))
        self.category_ids = self.tree.descendant_ids(category) if category else set()
        return self

    def _matches(self, cell, *, ignore: str) -> bool:
        """Whether a group passes every selected filter but the one being counted."""
        kind, direction, category_id, area, _count = cell
        selected = self.selected
        return (
            (ignore == "kind" or "kind" not in selected or kind == selected["kind"])
            and (
                ignore == "direction"
                or "direction" not in selected
                or direction == selected["direction"]
            )
            and (
                ignore == "category"
                or "category" not in selected
                or category_id in self.category_ids
            )
            and (ignore == "area" or "area" not in selected or area == selected["area"])
        )

    def _counts(self, index: int, ignore: str) -> Counter:
        counts = Counter()
        for cell in self.cells:
            if self._matches(cell, ignore=ignore):
                counts[cell[index]] += cell[4]
        return counts

    @property
    def total(self) -> int:
        return sum(cell[4] for cell in self.cells if self._matches(cell, ignore=""))

    def kinds(self) -> list[Facet]:
        counts = self._counts(0, "kind")
        return [
            Facet(value, label, counts[value], self.selected.get("kind") == value)
            for value, label in Kind.choices
        ]

    def directions(self) -> list[Facet]:
        counts = self._counts(1, "direction")
        return [
            Facet(value, label, counts[value], self.selected.get("direction") == value)
            for value, label in Direction.choices
        ]

    def categories(self) -> list[Facet]:
        """Every category in tree order, each counting its sub-categories' listings too."""
        counts = Counter()
        for category_id, count in self._counts(2, "category").items():
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
        counts = self._counts(3, "area")
        return [
            Facet(area, area, counts[area], self.selected.get("area") == area)
            for area in sorted(self.all_areas())
        ]

    def all_areas(self) -> list[str]:
        return sorted({cell[3] for cell in self.cells if cell[3]})
