"""Thin read-only views: the querysets, who sees what, and the schema's description of them."""

from collections import Counter

from django.conf import settings
from django.db.models import Count
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from ..filters import CategoryTree
from ..models import Listing
from .errors import ErrorSerializer
from .filters import ListingAPIFilter
from .pagination import ListingSearchPagination
from .serializers import (
    CategoryTreeSerializer,
    ListingMatchesSerializer,
    ListingMatchSerializer,
    ListingSerializer,
)

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=[code for code, _name in settings.LANGUAGES],
    description="The language of names and links; default: the Accept-Language header.",
)
ERROR_RESPONSES = {400: ErrorSerializer, 404: ErrorSerializer}


def _requested_language(request) -> str | None:
    """The supported language named by ``?lang=``, or None if absent or unsupported."""
    code = request.GET.get("lang")
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


class LanguageMixin:
    """``?lang=`` overrides the language LocaleMiddleware took from the request (cookie or
    Accept-Language), for names and links; an unsupported one is a 400."""

    def dispatch(self, request, *args, **kwargs):
        language = _requested_language(request)
        if language is None:
            return super().dispatch(request, *args, **kwargs)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
        response["Content-Language"] = language
        return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.query_params.get("lang") and _requested_language(request) is None:
            codes = ", ".join(code for code, _name in settings.LANGUAGES)
            raise exceptions.ValidationError(
                {"lang": [_("Choose one of these languages: %(codes)s.") % {"codes": codes}]}
            )


class ListingFilterBackend(DjangoFilterBackend):
    """django-filter, reporting bad filter and page parameters together in one 400."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        errors = {} if filterset.is_valid() else dict(filterset.errors.items())
        errors.update(view.paginator.parameter_errors(request))
        if errors:
            raise exceptions.ValidationError({name: list(e) for name, e in errors.items()})
        return filterset.qs


class ListingSearchFilterBackend(ListingFilterBackend):
    """The listings' filters, whose keyword search ranks the newest of very many matches
    unless the view says otherwise (``ListingViewSet.bounded``)."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {**super().get_filterset_kwargs(request, queryset, view), "bounded": view.bounded}


@extend_schema_view(
    list=extend_schema(
        summary="Published listings",
        description=(
            "Published listings, newest first; with `q`, most relevant first. Filters "
            "combine. Bad parameters answer 400 naming each one; a page past the last 404."
        ),
        parameters=[LANG_PARAMETER],
        responses={200: ListingSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One listing",
        description=(
            "A published listing; its owner and the coordinators (signed in) also see it "
            "while it is a draft, waiting for review, hidden, closed or expired. Anyone else "
            "gets 404."
        ),
        parameters=[LANG_PARAMETER],
        responses={200: ListingSerializer, **ERROR_RESPONSES},
    ),
)
class ListingViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ListingSerializer
    filter_backends = [ListingSearchFilterBackend]
    filterset_class = ListingAPIFilter
    pagination_class = ListingSearchPagination
    lookup_value_regex = "[0-9]+"
    bounded = True  # see ListingSearchPagination

    def unbounded_queryset(self):
        """The list with a keyword search that ranks every match, for the paginator."""
        self.bounded = False
        return self.filter_queryset(self.get_queryset())

    def get_queryset(self):
        if self.action == "list":
            listings = Listing.objects.published()
        else:
            listings = Listing.objects.visible_to(self.request.user)
        return (
            listings.select_related("category")
            .prefetch_related("photos")
            .order_by("-published_at", "-pk")
        )

    def filter_queryset(self, queryset):
        # The list's parameters mean nothing to one listing, found by its id.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(
        summary="Matching listings",
        description=(
            "The best published listings on the other side of a listing (offers for a "
            "request, requests for an offer), best first, up to 6, each with a `score` and "
            "the `reasons` it was chosen in the requested language. Never the listing itself "
            "or its owner's listings. 404 for a listing the caller may not see."
        ),
        parameters=[LANG_PARAMETER],
        responses={200: ListingMatchesSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, url_path="matches", pagination_class=None, filter_backends=[])
    def matches(self, request, pk=None):
        from matching.suggestions import suggestions_for_listing  # matching builds on listings

        suggestions = suggestions_for_listing(self.get_object(), viewer=request.user)
        for suggestion in suggestions:
            suggestion.listing.match_score = suggestion.score
            suggestion.listing.match_reasons = [str(reason) for reason in suggestion.reasons]
        serializer = ListingMatchSerializer(
            [suggestion.listing for suggestion in suggestions],
            many=True,
            context=self.get_serializer_context(),
        )
        return Response({"results": serializer.data})

    def get_serializer_context(self):
        user = self.request.user
        return {
            **super().get_serializer_context(),
            "sees_exact_places": user.is_authenticated and user.is_coordinator,
        }


class CategoryTreeView(LanguageMixin, APIView):
    @extend_schema(
        summary="The category tree",
        description=(
            "Every category, top-level first, with its sub-categories nested and the number "
            "of published listings in it (sub-categories included). Names in the language of "
            "`?lang=`, else of the Accept-Language header."
        ),
        parameters=[LANG_PARAMETER],
        responses={200: CategoryTreeSerializer, 400: ErrorSerializer},
    )
    def get(self, request):
        """Two queries: the categories and the published listings counted per category."""
        tree = CategoryTree()
        counts = Counter()
        published = (
            Listing.objects.published().order_by().values_list("category_id").annotate(Count("pk"))
        )
        for category_id, count in published:
            for ancestor_id in tree.ancestor_ids(category_id):
                counts[ancestor_id] += count

        def node(category, parent_slug):
            return {
                "slug": category.slug,
                "name": category.name,
                "parent": parent_slug,
                "listing_count": counts[category.pk],
                "children": [
                    node(child, category.slug) for child in tree.children.get(category.pk, [])
                ],
            }

        top_level = [node(category, None) for category in tree.children.get(None, [])]
        language = translation.get_language()
        return Response(CategoryTreeSerializer({"language": language, "results": top_level}).data)


class SchemaView(SpectacularJSONAPIView):
    """The OpenAPI 3 schema of this API, as JSON."""


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other path under /api/v1/: a JSON 404, or for a GET of a known path without its
    final slash, a redirect to it (what CommonMiddleware's APPEND_SLASH would do, had this
    catch-all not matched)."""

    def get(self, request, *args, **kwargs):
        if not request.path_info.endswith("/"):
            try:
                match = resolve(request.path_info + "/")
            except Resolver404:
                match = None
            if match is not None and getattr(match.func, "cls", None) is not NotFoundView:
                return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
        raise exceptions.NotFound()

    def post(self, request, *args, **kwargs):
        raise exceptions.NotFound()

    put = patch = delete = options = post
