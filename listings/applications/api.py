"""The signed-in resident's applications in the JSON API: list them, apply, cancel. The same
services as the site; a refusal is a 4xx in the API's one error shape, nothing written."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..api.errors import NON_PARAMETER_ERRORS, ErrorSerializer
from ..api.pagination import ListingPagination
from ..api.views import LanguageMixin
from ..models import Application, ApplicationStatus, Listing
from . import services


class AnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text="The question's id.")
    text = serializers.CharField(help_text="The question as it was asked.")
    answer = serializers.CharField(allow_blank=True)


class ApplicationActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    activity_starts_at = serializers.DateTimeField(allow_null=True)
    activity_place = serializers.CharField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, listing) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("listings:detail", args=[listing.pk])
        )


class ApplicationSerializer(serializers.ModelSerializer):
    """An application; its ``listing`` must come with its ``application_settings``."""

    activity = ApplicationActivitySerializer(source="listing", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    message = serializers.CharField(
        read_only=True, help_text="The organiser's message, when they declined."
    )
    cancel_until = serializers.SerializerMethodField()
    can_cancel = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "status",
            "status_display",
            "activity",
            "answers",
            "message",
            "applied_at",
            "decided_at",
            "cancelled_at",
            "cancel_until",
            "can_cancel",
        ]
        read_only_fields = fields

    def _cancel_until(self, application):
        app_settings = getattr(application.listing, "application_settings", None)
        return app_settings.cancel_until() if app_settings else None

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_cancel_until(self, application):
        """The last moment to cancel online; null when there is no limit."""
        moment = self._cancel_until(application)
        return serializers.DateTimeField().to_representation(moment) if moment else None

    def get_can_cancel(self, application) -> bool:
        moment = self._cancel_until(application)
        return application.is_active and (moment is None or timezone.now() < moment)


class ApplyRequestSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=500),
        required=False,
        help_text="The answers to the activity's questions: question id → answer.",
    )


def _api_error(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({NON_PARAMETER_ERRORS: error.messages})


ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
STATUS_PARAMETER = OpenApiParameter(
    "status",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=ApplicationStatus.values,
    description="Only applications with this status.",
)


class MyApplicationsView(LanguageMixin, generics.ListAPIView):
    serializer_class = ApplicationSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = ListingPagination

    def get_queryset(self):
        applications = (
            Application.objects.filter(applicant=self.request.user)
            .select_related("listing__application_settings")
            .order_by("-applied_at", "-pk")
        )
        wanted = self.request.query_params.get("status")
        if wanted:
            applications = applications.filter(status=wanted)
        return applications

    @extend_schema(
        summary="My applications",
        description=(
            "The signed-in resident's applications to activities, newest first, with their "
            "status (applied, confirmed, waitlisted, declined, cancelled) and whether they "
            "can still be cancelled online. 403 when not signed in."
        ),
        parameters=[STATUS_PARAMETER],
        responses={200: ApplicationSerializer(many=True), **ERRORS},
    )
    def get(self, request, *args, **kwargs):
        errors = self.paginator.parameter_errors(request)
        wanted = request.query_params.get("status")
        if wanted and wanted not in ApplicationStatus.values:
            errors["status"] = [
                _("Choose one of: %(values)s.") % {"values": ", ".join(ApplicationStatus.values)}
            ]
        if errors:
            raise exceptions.ValidationError(errors)
        return super().get(request, *args, **kwargs)


class ApplyView(LanguageMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Apply to an activity",
        description=(
            "The signed-in resident applies to an activity that takes applications, answering "
            "its questions. First come: `confirmed` while seats remain, then `waitlisted`; "
            "with the organiser's approval: `applied`. 400 (nothing written) when "
            "applications are closed or past the deadline, for the organiser, a second "
            "active application, or a missing or wrong answer (named "
            "`question_<id>`); 404 for an activity the caller cannot see."
        ),
        request=ApplyRequestSerializer,
        responses={201: ApplicationSerializer, **ERRORS},
    )
    def post(self, request, id: int):  # noqa: A002 - the path's name, as in /listings/{id}/
        body = ApplyRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answers = {}
        for key, value in body.validated_data.get("answers", {}).items():
            if not str(key).isdigit():
                raise exceptions.ValidationError(
                    {"answers": [_("Name each question by its id (a number).")]}
                )
            answers[int(key)] = value
        if not Listing.objects.visible_to(request.user).filter(pk=id).exists():
            raise exceptions.NotFound()
        try:
            application = services.apply_to_activity(
                listing_id=id, applicant=request.user, answers=answers
            )
        except DjangoValidationError as error:
            raise _api_error(error) from None
        application = Application.objects.select_related("listing__application_settings").get(
            pk=application.pk
        )
        data = ApplicationSerializer(application, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class CancelView(LanguageMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Cancel my application",
        description=(
            "The signed-in resident cancels their own application, until the activity's "
            "cancellation cutoff; a confirmed seat given up goes to the first on the waiting "
            "list. 400 after the cutoff or when no longer active; 404 for anyone else's."
        ),
        request=None,
        responses={200: ApplicationSerializer, **ERRORS},
    )
    def post(self, request, id: int):  # noqa: A002
        try:
            services.cancel_application(application_id=id, by=request.user)
        except DjangoValidationError as error:
            raise _api_error(error) from None
        application = Application.objects.select_related("listing__application_settings").get(pk=id)
        return Response(ApplicationSerializer(application, context={"request": request}).data)
