"""The API's filters: the HTML search page's ``ListingFilter`` plus keywords and ``ref``."""

import re

import django_filters
from django.utils.translation import gettext_lazy as _

from ..filters import KeywordForm, ListingFilter

# A BCP 47 primary language subtag, as stored in ``Listing.language``.
LANGUAGE_SUBTAG = re.compile(r"[a-z]{2,3}")


class ListingAPIFilter(ListingFilter):
    """``ListingFilter`` (kind, direction, category with its sub-categories, area, language,
    free) with ``q`` (keywords, most relevant first) and ``ref`` (the register reference).

    A ``language`` that is a well-formed code is accepted even if no resident speaks it, as
    ``area`` accepts any area: the API does not load the languages in use to check it.
    """

    q = django_filters.CharFilter(
        label=_("Keywords"),
        max_length=KeywordForm.base_fields["q"].max_length,
        method="filter_keywords",
    )
    ref = django_filters.CharFilter(label=_("Register reference"), max_length=100, field_name="ref")

    class Meta(ListingFilter.Meta):
        fields = [*ListingFilter.Meta.fields, "q", "ref"]

    def __init__(self, data=None, queryset=None, *, bounded: bool = True, **kwargs):
        self.bounded = bounded  # listings.search.window
        language = (data or {}).get("language") or ""
        if LANGUAGE_SUBTAG.fullmatch(language):
            kwargs.setdefault("languages", [language])
        super().__init__(data, queryset, **kwargs)

    def filter_keywords(self, queryset, name, value: str):
        return queryset.search(value, bounded=self.bounded)

    def filter_free(self, queryset, name, value: bool):
        # Only to give the schema the type of ``free`` (from this hint).
        return super().filter_free(queryset, name, value)
