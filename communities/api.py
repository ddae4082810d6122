"""``GET /api/v1/communities/`` and ``/api/v1/communities/{id}/``: the visible communities,
anonymous read, with the listings API's filters, pagination and error shape."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from listings.api.errors import ErrorSerializer
from listings.api.filters import LANGUAGE_SUBTAG
from listings.api.pagination import ListingPagination
from listings.api.views import LANG_PARAMETER, LanguageMixin, ListingFilterBackend
from listings.filters import CategoryTree

from .models import Community, CommunityKind, JoinPolicy

ERROR_RESPONSES = {400: ErrorSerializer, 404: ErrorSerializer}


class CommunitySerializer(serializers.ModelSerializer):
    """A community as anyone may see it: never its members' identities, board or chat."""

    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    photo = serializers.ImageField(read_only=True, allow_null=True)
    thumbnail = serializers.ImageField(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Community
        fields = [
            "id",
            "name",
            "description",
            "kind",
            "category",
            "category_name",
            "area",
            "languages",
            "join_policy",
            "featured",
            "member_count",
            "photo",
            "thumbnail",
            "photo_alt_text",
            "url",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, community) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("communities:detail", args=[community.pk])
        )


class CommunityAPIFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Keywords"), max_length=100, method="filter_keywords")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CommunityKind.choices)
    join_policy = django_filters.ChoiceFilter(label=_("Who can join"), choices=JoinPolicy.choices)
    category = django_filters.CharFilter(
        label=_("Category (slug; includes sub-categories)"), method="filter_category"
    )
    area = django_filters.CharFilter(label=_("Area"), max_length=80, field_name="area")
    language = django_filters.CharFilter(
        label=_("Language used (BCP 47 code)"), max_length=8, method="filter_language"
    )

    class Meta:
        model = Community
        fields = ["q", "kind", "join_policy", "category", "area", "language"]

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.tree = CategoryTree()

    def is_valid(self):
        valid = super().is_valid()
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        slug = data.get("category")
        if slug and slug not in self.tree.by_slug:
            self.form.add_error("category", _("There is no category with this slug."))
            valid = False
        language = data.get("language")
        if language and not LANGUAGE_SUBTAG.fullmatch(language):
            self.form.add_error("language", _("Give a language code such as ja, vi or pt."))
            valid = False
        return valid

    def filter_keywords(self, queryset, name, value: str):
        return queryset.search(value) if value.strip() else queryset

    def filter_category(self, queryset, name, value: str):
        category = self.tree.by_slug.get(value)
        if category is None:
            return queryset.none()
        return queryset.filter(category_id__in=self.tree.descendant_ids(category))

    def filter_language(self, queryset, name, value: str):
        return queryset.in_language(value)


@extend_schema_view(
    list=extend_schema(
        summary="Communities",
        description=(
            "Circles and newcomer communities that the coordinators have not hidden, featured "
            "first, then newest. `q` searches names, descriptions, areas, categories and "
            "languages with the listings' text analysis (Japanese without spaces, kana or "
            "full-width variants, diacritics optional). Filters combine. Bad parameters answer "
            "400 naming each one; a page past the last 404."
        ),
        parameters=[LANG_PARAMETER],
        responses={200: CommunitySerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One community",
        description="A community that is not hidden; anyone else gets 404.",
        parameters=[LANG_PARAMETER],
        responses={200: CommunitySerializer, **ERROR_RESPONSES},
    ),
)
class CommunityViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CommunitySerializer
    filter_backends = [ListingFilterBackend]
    filterset_class = CommunityAPIFilter
    pagination_class = ListingPagination
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            Community.objects.visible()
            .select_related("category")
            .with_member_count()
            .order_by("-featured", "-created_at", "-pk")
        )

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset
