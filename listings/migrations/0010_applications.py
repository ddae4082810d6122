"""Applications to activities (issue #7): settings, questions and applications."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0009_multilingual_synonyms"),
        ("messaging", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ApplicationSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "is_open",
                    models.BooleanField(
                        default=True,
                        help_text="Untick to stop new applications. Those already made stay.",
                        verbose_name="taking applications",
                    ),
                ),
                (
                    "capacity",
                    models.PositiveIntegerField(
                        help_text="How many people can take part.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(10000),
                        ],
                        verbose_name="seats",
                    ),
                ),
                (
                    "deadline",
                    models.DateTimeField(
                        blank=True,
                        help_text="Leave empty to take applications until the activity starts.",
                        null=True,
                        verbose_name="application deadline",
                    ),
                ),
                (
                    "cancellation_cutoff_hours",
                    models.PositiveIntegerField(
                        default=24,
                        help_text=(
                            "Participants can cancel online until this many hours before the start."
                        ),
                        validators=[django.core.validators.MaxValueValidator(720)],
                        verbose_name="cancellation possible until (hours before the start)",
                    ),
                ),
                (
                    "approval_mode",
                    models.CharField(
                        choices=[
                            ("first_come", "First come, first served: seats are confirmed at once"),
                            ("approval", "I approve each application"),
                        ],
                        default="first_come",
                        max_length=12,
                        verbose_name="how seats are given",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "group_conversation",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="messaging.conversation",
                        verbose_name="group conversation of the confirmed participants",
                    ),
                ),
                (
                    "listing",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="application_settings",
                        to="listings.listing",
                        verbose_name="activity",
                    ),
                ),
            ],
            options={
                "verbose_name": "application settings",
                "verbose_name_plural": "application settings",
            },
        ),
        migrations.CreateModel(
            name="ApplicationQuestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                ("text", models.CharField(max_length=200, verbose_name="question")),
                (
                    "kind",
                    models.CharField(
                        choices=[("text", "Short answer"), ("choice", "Choice from options")],
                        default="text",
                        max_length=10,
                        verbose_name="kind of answer",
                    ),
                ),
                ("options", models.JSONField(blank=True, default=list, verbose_name="options")),
                (
                    "required",
                    models.BooleanField(default=False, verbose_name="an answer is required"),
                ),
                (
                    "settings",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="questions",
                        to="listings.applicationsettings",
                        verbose_name="application settings",
                    ),
                ),
            ],
            options={
                "verbose_name": "application question",
                "verbose_name_plural": "application questions",
                "ordering": ["position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Application",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("applied", "Applied: waiting for the organiser"),
                            ("confirmed", "Confirmed"),
                            ("waitlisted", "On the waiting list"),
                            ("declined", "Declined"),
                            ("cancelled", "Cancelled"),
                        ],
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("answers", models.JSONField(blank=True, default=list, verbose_name="answers")),
                (
                    "message",
                    models.TextField(
                        blank=True,
                        help_text="Why the application was declined, for the applicant.",
                        max_length=1000,
                        verbose_name="message from the organiser",
                    ),
                ),
                (
                    "applied_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="applied at"
                    ),
                ),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
                ),
                (
                    "cancelled_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="cancelled at"),
                ),
                (
                    "reminded_for",
                    models.DateTimeField(
                        blank=True,
                        editable=False,
                        help_text=(
                            "The start time the day-before reminder was sent for (never twice)."
                        ),
                        null=True,
                        verbose_name="reminder sent for the start at",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "applicant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="activity_applications",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="applicant",
                    ),
                ),
                (
                    "listing",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="applications",
                        to="listings.listing",
                        verbose_name="activity",
                    ),
                ),
            ],
            options={
                "verbose_name": "application",
                "verbose_name_plural": "applications",
                "ordering": ["applied_at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["listing", "status", "applied_at"], name="application_queue"
                    ),
                    models.Index(fields=["applicant", "-applied_at"], name="application_mine"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["applied", "confirmed", "waitlisted"])),
                        fields=("listing", "applicant"),
                        name="application_one_active_per_person",
                    )
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="applicationsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(("capacity__gte", 1)),
                name="application_settings_capacity_positive",
            ),
        ),
    ]
