"""Communities: their members, board posts and post reports."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import accounts.models
import communities.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("listings", "0009_multilingual_synonyms"),
        ("messaging", "0001_initial"),
        ("accounts", "0004_notification_kinds_for_applications_bookings_communities"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Community",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=80, verbose_name="name")),
                ("description", models.TextField(max_length=4000, verbose_name="description")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("circle", "Circle"),
                            ("newcomer", "Newcomer community"),
                            ("other", "Other community"),
                        ],
                        default="circle",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("area", models.CharField(blank=True, max_length=80, verbose_name="area")),
                (
                    "languages",
                    models.JSONField(
                        blank=True,
                        default=list,
                        validators=[accounts.models.validate_spoken_languages],
                        verbose_name="languages used",
                    ),
                ),
                (
                    "join_policy",
                    models.CharField(
                        choices=[
                            ("open", "Open to all: anyone can join"),
                            ("approval", "Join by approval: an organiser accepts each request"),
                        ],
                        default="open",
                        max_length=10,
                        verbose_name="who can join",
                    ),
                ),
                (
                    "photo",
                    models.ImageField(
                        blank=True,
                        height_field="photo_height",
                        upload_to=communities.models._photo_path,
                        verbose_name="photo",
                        width_field="photo_width",
                    ),
                ),
                (
                    "thumbnail",
                    models.ImageField(
                        blank=True,
                        upload_to=communities.models._thumbnail_path,
                        verbose_name="thumbnail",
                    ),
                ),
                (
                    "photo_width",
                    models.PositiveIntegerField(default=0, editable=False, verbose_name="width"),
                ),
                (
                    "photo_height",
                    models.PositiveIntegerField(default=0, editable=False, verbose_name="height"),
                ),
                (
                    "photo_alt_text",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="what the photo shows"
                    ),
                ),
                (
                    "featured",
                    models.BooleanField(
                        default=False,
                        help_text="Featured communities come first.",
                        verbose_name="featured",
                    ),
                ),
                (
                    "hidden",
                    models.BooleanField(
                        default=False,
                        help_text="A hidden community is shown to nobody but its organisers and coordinators.",
                        verbose_name="hidden by the coordinators",
                    ),
                ),
                (
                    "search_text",
                    models.TextField(blank=True, editable=False, verbose_name="search terms"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="communities",
                        to="listings.category",
                        verbose_name="category",
                    ),
                ),
                (
                    "conversation",
                    models.OneToOneField(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="community",
                        to="messaging.conversation",
                        verbose_name="group chat",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
            ],
            options={
                "verbose_name": "community",
                "verbose_name_plural": "communities",
                "ordering": ["-featured", "-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="BoardPost",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("body", models.TextField(max_length=4000, verbose_name="text")),
                (
                    "photo",
                    models.ImageField(
                        blank=True,
                        height_field="photo_height",
                        upload_to=communities.models._photo_path,
                        verbose_name="photo",
                        width_field="photo_width",
                    ),
                ),
                (
                    "thumbnail",
                    models.ImageField(
                        blank=True,
                        upload_to=communities.models._thumbnail_path,
                        verbose_name="thumbnail",
                    ),
                ),
                (
                    "photo_width",
                    models.PositiveIntegerField(default=0, editable=False, verbose_name="width"),
                ),
                (
                    "photo_height",
                    models.PositiveIntegerField(default=0, editable=False, verbose_name="height"),
                ),
                (
                    "hidden",
                    models.BooleanField(default=False, verbose_name="hidden by the coordinators"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="posted at")),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="author",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="replies",
                        to="communities.boardpost",
                        verbose_name="reply to",
                    ),
                ),
                (
                    "community",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="posts",
                        to="communities.community",
                        verbose_name="community",
                    ),
                ),
            ],
            options={
                "verbose_name": "board post",
                "verbose_name_plural": "board posts",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="CommunityMember",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("organiser", "Organiser"), ("member", "Member")],
                        default="member",
                        max_length=10,
                        verbose_name="role",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Asked to join"),
                            ("active", "Member"),
                            ("declined", "Request declined"),
                            ("left", "Left"),
                            ("removed", "Removed by an organiser"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "request_message",
                    models.TextField(
                        blank=True, max_length=500, verbose_name="message with the request"
                    ),
                ),
                (
                    "joined_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="joined at"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "community",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="members",
                        to="communities.community",
                        verbose_name="community",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="community_memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "community member",
                "verbose_name_plural": "community members",
                "ordering": ["joined_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="PostReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("spam", "Spam or advertising"),
                            ("scam", "Looks like a scam or fraud"),
                            ("offensive", "Offensive or discriminatory"),
                            ("personal_info", "Shows someone's personal information"),
                            ("dangerous", "Dangerous or illegal"),
                            ("wrong", "Wrong category or misleading"),
                            ("other", "Something else"),
                        ],
                        max_length=20,
                        verbose_name="reason",
                    ),
                ),
                ("details", models.TextField(blank=True, max_length=1000, verbose_name="details")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("resolved", "Resolved"),
                            ("dismissed", "Dismissed"),
                        ],
                        default="open",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "resolution_note",
                    models.TextField(blank=True, verbose_name="what the coordinators did"),
                ),
                (
                    "handled_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="handled at"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="reported at")),
                (
                    "handled_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="handled by",
                    ),
                ),
                (
                    "post",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reports",
                        to="communities.boardpost",
                        verbose_name="post",
                    ),
                ),
                (
                    "reporter",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reported by",
                    ),
                ),
            ],
            options={
                "verbose_name": "board post report",
                "verbose_name_plural": "board post reports",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.AddIndex(
            model_name="community",
            index=models.Index(
                fields=["hidden", "-featured", "-created_at"], name="community_directory"
            ),
        ),
        migrations.AddIndex(
            model_name="boardpost",
            index=models.Index(
                fields=["community", "parent", "-created_at"], name="community_board"
            ),
        ),
        migrations.AddIndex(
            model_name="communitymember",
            index=models.Index(fields=["user", "status"], name="community_member_of_user"),
        ),
        migrations.AddConstraint(
            model_name="communitymember",
            constraint=models.UniqueConstraint(
                fields=("community", "user"), name="community_member_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="communitymember",
            constraint=models.CheckConstraint(
                condition=models.Q(("role", "member"), ("status", "active"), _connector="OR"),
                name="community_organiser_is_active",
            ),
        ),
        migrations.AddIndex(
            model_name="postreport",
            index=models.Index(fields=["status", "created_at"], name="community_report_queue"),
        ),
    ]
