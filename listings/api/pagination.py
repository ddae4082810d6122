"""Page-number pagination whose parameters are validated, not silently corrected."""

from django import forms
from django.core.paginator import InvalidPage
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination

from .errors import PageNotFound

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


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
            self.page = paginator.page(self.get_page_number(request, paginator))
        except InvalidPage as exc:
            raise PageNotFound(str(exc)) from exc
        return list(self.page)
