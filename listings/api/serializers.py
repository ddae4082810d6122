"""Listings and categories as JSON.

What a listing shows depends on who asks (``ListingSerializer``): its exact place only to its
owner and the coordinators, the centre of its ~500 m grid cell to everyone else. The space's
address and the owner's identity and contact details are never in the API.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Listing, ListingPhoto


class ListingPhotoSerializer(serializers.ModelSerializer):
    """A photo; ``image`` and ``thumbnail`` are absolute URLs."""

    class Meta:
        model = ListingPhoto
        fields = ["image", "thumbnail", "width", "height", "alt_text"]
        read_only_fields = fields


class ListingSerializer(serializers.ModelSerializer):
    """A listing. Needs ``request`` in the context, and ``sees_exact_places`` (the viewer is a
    coordinator) unless only the owner may see exact places."""

    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    tags = serializers.ListField(child=serializers.CharField(), read_only=True)
    spoken_languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    lat = serializers.SerializerMethodField()
    lon = serializers.SerializerMethodField()
    location_is_approximate = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    is_public = serializers.BooleanField(read_only=True)
    photos = ListingPhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Listing
        fields = [
            "id",
            "ref",
            "kind",
            "direction",
            "title",
            "description",
            "category",
            "category_name",
            "tags",
            "language",
            "spoken_languages",
            "area",
            "lat",
            "lon",
            "location_is_approximate",
            "url",
            "terms",
            "fee_amount",
            "exchange_note",
            "availability",
            "item_condition",
            "item_quantity",
            "item_transfer",
            "space_capacity",
            "space_facilities",
            "activity_starts_at",
            "activity_recurrence",
            "activity_place",
            "activity_capacity",
            "skill_mode",
            "photos",
            "featured",
            "status",
            "is_public",
            "created_at",
            "published_at",
            "expires_at",
        ]
        read_only_fields = fields

    def _sees_exact_place(self, listing: Listing) -> bool:
        if self.context.get("sees_exact_places"):
            return True
        user = self.context["request"].user
        return user.is_authenticated and listing.owner_id == user.pk

    def _place(self, listing: Listing) -> tuple[float, float] | None:
        if listing.latitude is None or listing.longitude is None:
            return None
        if self._sees_exact_place(listing):
            return (listing.latitude, listing.longitude)
        return listing.approximate_location

    @extend_schema_field({"type": "number", "format": "double", "nullable": True})
    def get_lat(self, listing: Listing) -> float | None:
        """Latitude (WGS84): exact for the owner and coordinators, else the ~500 m cell's."""
        place = self._place(listing)
        return place[0] if place else None

    @extend_schema_field({"type": "number", "format": "double", "nullable": True})
    def get_lon(self, listing: Listing) -> float | None:
        """Longitude (WGS84): exact for the owner and coordinators, else the ~500 m cell's."""
        place = self._place(listing)
        return place[1] if place else None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_location_is_approximate(self, listing: Listing) -> bool:
        """Whether ``lat``/``lon`` are the centre of a ~500 m cell rather than the place."""
        return listing.latitude is not None and not self._sees_exact_place(listing)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, listing: Listing) -> str:
        """The listing's page on the site, in the request's language."""
        # Reversed once per response, as it is the costliest field: ".../listings/0/".
        prefix = self.context.get("listing_url_prefix")
        if prefix is None:
            path = reverse("listings:detail", kwargs={"pk": 0})
            url = self.context["request"].build_absolute_uri(path)
            prefix = self.context["listing_url_prefix"] = url.removesuffix("0/")
        return f"{prefix}{listing.pk}/"


class ListingMatchSerializer(ListingSerializer):
    """A suggested listing: a listing with how well it matches and why. The view sets
    ``match_score`` and ``match_reasons`` on each listing."""

    score = serializers.FloatField(
        source="match_score", read_only=True, help_text="Higher is better; between 0 and 1."
    )
    reasons = serializers.ListField(
        source="match_reasons",
        child=serializers.CharField(),
        read_only=True,
        help_text="Why it was chosen, in plain words in the requested language.",
    )

    class Meta(ListingSerializer.Meta):
        fields = [*ListingSerializer.Meta.fields, "score", "reasons"]
        read_only_fields = fields


class ListingMatchesSerializer(serializers.Serializer):
    results = ListingMatchSerializer(many=True, help_text="Best first.")


class CategoryNodeSerializer(serializers.Serializer):
    """A category with its sub-categories; ``listing_count`` includes theirs."""

    slug = serializers.SlugField()
    name = serializers.CharField(help_text="The name in the requested language.")
    parent = serializers.SlugField(allow_null=True, help_text="The parent category's slug.")
    listing_count = serializers.IntegerField(
        help_text="Published listings in this category and its sub-categories."
    )
    children = serializers.SerializerMethodField()

    @extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/CategoryNode"}})
    def get_children(self, node: dict) -> list[dict]:
        return [CategoryNodeSerializer(child).data for child in node["children"]]


class CategoryTreeSerializer(serializers.Serializer):
    language = serializers.CharField(help_text="The language of the names.")
    results = CategoryNodeSerializer(many=True)
