"""``GET /api/v1/item-requests/``: the signed-in resident's own "I'd like this" requests."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, generics, permissions, serializers

from ..api.errors import ErrorSerializer
from ..api.pagination import ListingPagination
from ..api.views import LANG_PARAMETER, LanguageMixin
from ..models import ItemRequest, ItemRequestStatus, Listing
from . import services


class ItemRequestPagination(ListingPagination):
    page_size_query_description = _("How many requests a page holds: 1 to 100, default 20.")


class RequestedListingSerializer(serializers.ModelSerializer):
    """The listing asked for: enough to show it and link to it."""

    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = serializers.SerializerMethodField()
    is_public = serializers.BooleanField(read_only=True)

    class Meta:
        model = Listing
        fields = ["id", "kind", "title", "category", "area", "url", "is_public"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, listing: Listing) -> str:
        """The listing's page on the site, in the request's language."""
        path = reverse("listings:detail", args=[listing.pk])
        return self.context["request"].build_absolute_uri(path)


class ItemRequestSerializer(serializers.ModelSerializer):
    """One request. ``status``: waiting (for the owner's choice), chosen (the owner chose
    you: message them through ``message_owner_url``), not_chosen (it went to someone else),
    withdrawn, fulfilled (handed over)."""

    status = serializers.ChoiceField(choices=ItemRequestStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    listing = RequestedListingSerializer(read_only=True)
    message_owner_url = serializers.SerializerMethodField()

    class Meta:
        model = ItemRequest
        fields = [
            "id",
            "status",
            "status_label",
            "message",
            "created_at",
            "decided_at",
            "closed_at",
            "listing",
            "message_owner_url",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_message_owner_url(self, item_request: ItemRequest) -> str | None:
        """Where to start (or return to) the conversation with the owner, once chosen: a
        form POST to this page of the site."""
        if item_request.status != ItemRequestStatus.CHOSEN:
            return None
        path = reverse("messaging:start", args=[item_request.listing_id])
        return self.context["request"].build_absolute_uri(path)


@extend_schema(
    summary="My requests for items and skills",
    description=(
        "The signed-in resident's “I'd like this” requests, newest first, with the listing "
        "each is about and where it stands. Signed-in residents only: anyone else gets 403. "
        "Bad page parameters answer 400 naming each one; a page past the last 404."
    ),
    parameters=[LANG_PARAMETER],
    responses={
        200: ItemRequestSerializer(many=True),
        400: ErrorSerializer,
        403: ErrorSerializer,
        404: ErrorSerializer,
    },
)
class MyItemRequestsView(LanguageMixin, generics.ListAPIView):
    serializer_class = ItemRequestSerializer
    pagination_class = ItemRequestPagination
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return services.requests_by(self.request.user)

    def list(self, request, *args, **kwargs):
        errors = self.paginator.parameter_errors(request)
        if errors:
            raise exceptions.ValidationError(errors)
        return super().list(request, *args, **kwargs)
