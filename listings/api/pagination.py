"""Page-number pagination whose parameters are validated, not silently corrected."""

from django import forms
from django.core.paginator import InvalidPage, Page
from django.db.models import Count, Window
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination

from ..search.window import too_few_ranked
from .errors import PageNotFound

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class TooFewRanked(Exception):
    """A bounded search found too few listings to show: rank every match instead."""


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)


class ListingPagination(PageNumberPagination):
    """``page`` (from 1) and ``page_size`` (1 to 100, default 20). A bad value is a 400 that
    names the parameter (see ``parameter_errors``); a page past the last one is a 404."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = _("A page number, from 1.")
    page_size_query_description = _("How many listings a page holds: 1 to 100, default 20.")
    template = None  # no browsable API

    def parameter_errors(self, request) -> dict[str, list[str]]:
        """The messages for each bad pagination parameter; empty if both are fine."""
        form = self._form(request)
        return {} if form.is_valid() else {name: list(e) for name, e in form.errors.items()}

    def _form(self, request) -> PageForm:
        return PageForm({name: request.query_params.get(name) for name in PageForm.base_fields})

    def get_page_size(self, request) -> int:
        form = self._form(request)
        return (form.is_valid() and form.cleaned_data["page_size"]) or self.page_size

    def get_page_number(self, request, paginator) -> int:
        form = self._form(request)
        return (form.is_valid() and form.cleaned_data["page"]) or 1

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = self.get_page(paginator, self.get_page_number(request, paginator))
        except InvalidPage as exc:
            raise PageNotFound(str(exc)) from exc
        return list(self.page)

    def get_page(self, paginator, number: int) -> Page:
        return paginator.page(number)


class ListingSearchPagination(ListingPagination):
    """The listings' pages, where a keyword search's page and its count come from one SQL
    query (``COUNT(*) OVER ()``), as both would read every ranked search document. The
    answer's ``partial`` says whether the search ranked only the newest of very many matches
    (``listings.search.window``); one that found too few of them is run again over every
    listing, with the view's ``unbounded_queryset()``."""

    def paginate_queryset(self, queryset, request, view=None):
        self.partial = queryset.is_partial_search()
        try:
            return super().paginate_queryset(queryset, request, view)
        except TooFewRanked:
            self.partial = False
            return super().paginate_queryset(view.unbounded_queryset(), request, view)

    def get_page(self, paginator, number: int) -> Page:
        if "search_partial" not in paginator.object_list.query.annotations:
            return super().get_page(paginator, number)
        bottom = (number - 1) * paginator.per_page
        counted = paginator.object_list.annotate(search_total=Window(Count("pk")))
        rows = list(counted[bottom : bottom + paginator.per_page])
        if rows:
            paginator.count = rows[0].search_total
        elif number == 1:
            paginator.count = 0
        # Past the last page, paginator.count runs its own COUNT to say which page is last.
        if self.partial and too_few_ranked(paginator.count):
            raise TooFewRanked
        return Page(rows, paginator.validate_number(number), paginator)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["partial"] = self.partial
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["partial"] = {
            "type": "boolean",
            "description": (
                "True when `q` matched so many listings that only the matches among the newest "
                "listings were ranked and counted; another word finds the rest."
            ),
        }
        return schema
