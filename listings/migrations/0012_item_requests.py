"""Requests for items and skills ("I'd like this") and the fulfilled exchanges they lead to."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0011_bookings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ItemRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("message", models.CharField(blank=True, max_length=500, verbose_name="message")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("waiting", "Waiting for an answer"),
                            ("chosen", "Chosen"),
                            ("not_chosen", "Went to someone else"),
                            ("withdrawn", "Withdrawn"),
                            ("fulfilled", "Handed over"),
                        ],
                        default="waiting",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="requested at"),
                ),
                (
                    "decided_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When the owner chose this request, or someone else's.",
                        null=True,
                        verbose_name="decided at",
                    ),
                ),
                (
                    "closed_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When it was withdrawn or handed over.",
                        null=True,
                        verbose_name="closed at",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "listing",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="item_requests",
                        to="listings.listing",
                        verbose_name="listing",
                    ),
                ),
                (
                    "requester",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="item_requests",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="requested by",
                    ),
                ),
            ],
            options={
                "verbose_name": "request for an item or a skill",
                "verbose_name_plural": "requests for items and skills",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="FulfilledExchange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=10, verbose_name="kind")),
                ("area", models.CharField(blank=True, max_length=80, verbose_name="area")),
                ("fulfilled_at", models.DateTimeField(verbose_name="fulfilled at")),
                (
                    "category",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="listings.category",
                        verbose_name="category",
                    ),
                ),
                (
                    "giver",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="given by",
                    ),
                ),
                (
                    "listing",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="fulfilled_exchange",
                        to="listings.listing",
                        verbose_name="listing",
                    ),
                ),
                (
                    "receiver",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="received by",
                    ),
                ),
                (
                    "item_request",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="exchange",
                        to="listings.itemrequest",
                        verbose_name="request",
                    ),
                ),
            ],
            options={
                "verbose_name": "fulfilled exchange",
                "verbose_name_plural": "fulfilled exchanges",
                "ordering": ["-fulfilled_at", "-pk"],
            },
        ),
        migrations.AddIndex(
            model_name="itemrequest",
            index=models.Index(
                fields=["requester", "-created_at"], name="item_request_by_requester"
            ),
        ),
        migrations.AddIndex(
            model_name="itemrequest",
            index=models.Index(fields=["listing", "status"], name="item_request_by_listing"),
        ),
        migrations.AddConstraint(
            model_name="itemrequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ("waiting", "chosen"))),
                fields=("listing", "requester"),
                name="item_request_one_open_per_person",
            ),
        ),
        migrations.AddConstraint(
            model_name="itemrequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "chosen")),
                fields=("listing",),
                name="item_request_one_chosen_per_listing",
            ),
        ),
        migrations.AddConstraint(
            model_name="itemrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["waiting", "chosen", "not_chosen", "withdrawn", "fulfilled"])
                ),
                name="item_request_status_valid",
            ),
        ),
        migrations.AddIndex(
            model_name="fulfilledexchange",
            index=models.Index(fields=["fulfilled_at"], name="exchange_fulfilled_at"),
        ),
    ]
