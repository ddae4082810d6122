import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .languages import SPOKEN_LANGUAGE_CODES

COORDINATORS_GROUP = "Coordinators"
NEWCOMER_PERIOD = datetime.timedelta(days=365 * 2)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with an e-mail address. Everything else about them is the Profile."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        profile = getattr(self, "profile", None)
        if profile is not None and profile.display_name:
            return profile.display_name
        return self.get_full_name() or self.email.split("@")[0]

    @property
    def is_coordinator(self) -> bool:
        if self.is_superuser:
            return True
        return self.groups.filter(name=COORDINATORS_GROUP).exists()


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Straight away")
    DAILY = "daily", _("Once a day (digest)")
    NEVER = "never", _("Never")


def validate_spoken_languages(value):
    if not isinstance(value, list) or any(code not in SPOKEN_LANGUAGE_CODES for code in value):
        raise ValidationError(_("Choose languages from the list."), code="invalid_language")


def validate_moved_in(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future")


class Profile(models.Model):
    """What a resident tells the community about themselves, and how they like the site."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("The name other residents see. A nickname is fine."),
    )
    area = models.CharField(
        _("area"), max_length=80, blank=True, help_text=_("Your neighbourhood, e.g. 城東.")
    )
    spoken_languages = models.JSONField(
        _("languages you speak"), default=list, blank=True, validators=[validate_spoken_languages]
    )
    interests = models.ManyToManyField(
        "listings.Category", verbose_name=_("interests"), blank=True, related_name="+"
    )
    moved_in = models.DateField(
        _("moved here in"),
        null=True,
        blank=True,
        validators=[validate_moved_in],
        help_text=_("Year and month you moved to the city (optional). Newcomers get extra help."),
    )
    bio = models.TextField(_("self-introduction"), max_length=1000, blank=True)
    email_on_message = models.CharField(
        _("e-mail me about new messages"),
        max_length=12,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATELY,
    )
    email_on_match = models.CharField(
        _("e-mail me about listings that match mine"),
        max_length=12,
        choices=EmailFrequency.choices,
        default=EmailFrequency.DAILY,
    )
    email_news = models.BooleanField(_("e-mail me news from the community centre"), default=False)
    large_text = models.BooleanField(
        _("large text"), default=False, help_text=_("Show the whole site in larger letters.")
    )
    # One of settings.LANGUAGES (not `choices`: adding a catalog must not need a migration).
    language = models.CharField(_("site language"), max_length=10, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.display_name or str(self.user_id)

    @property
    def is_newcomer(self) -> bool:
        if self.moved_in is None:
            return False
        return timezone.localdate() - self.moved_in <= NEWCOMER_PERIOD


class ProxyResident(models.Model):
    """A resident without e-mail or smartphone for whom coordinators post listings.

    They own those listings (``Listing.proxy_owner``); their coordinator is the contact. Their
    consent is recorded here, and every change by staff goes to Wagtail's audit log.
    """

    name = models.CharField(_("name"), max_length=100)
    name_reading = models.CharField(
        _("name reading (kana)"), max_length=100, blank=True, help_text=_("e.g. やまだ はなこ")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    how_to_reach = models.TextField(
        _("how to reach them"),
        max_length=1000,
        blank=True,
        help_text=_("e.g. Tuesdays at the community centre, or through their neighbour."),
    )
    area = models.CharField(_("area"), max_length=80, blank=True)
    spoken_languages = models.JSONField(
        _("languages they speak"), default=list, blank=True, validators=[validate_spoken_languages]
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact coordinator"),
        # Null only after that coordinator's account is deleted; the admin form requires one.
        null=True,
        on_delete=models.SET_NULL,
        related_name="proxy_residents",
        help_text=_("The coordinator who answers messages about their listings."),
    )
    consent_given_on = models.DateField(_("consent given on"))
    consent_scope = models.TextField(
        _("what they agreed to"),
        help_text=_("e.g. Post their offer of vegetables; share their first name and area."),
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        # Null only after that account is deleted; the audit log still names who it was.
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)
    notes = models.TextField(_("notes for coordinators"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("proxy resident")
        verbose_name_plural = _("proxy residents")
        ordering = ["name_reading", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_consent(self) -> bool:
        return self.consent_withdrawn_on is None


class NotificationKind(models.TextChoices):
    MATCH = "match", _("A new listing matches one of yours")
    SAVED_SEARCH = "saved_search", _("A new listing matches a search you saved")
    APPLICATION = "application", _("News about an application to an activity")
    APPLICATION_RECEIVED = "application_received", _("Someone applied to your activity")
    ACTIVITY_REMINDER = "activity_reminder", _("An activity you joined is tomorrow")
    ITEM_REQUEST = "item_request", _("News about a request for an item or a skill")
    BOOKING = "booking", _("News about a booking")
    COMMUNITY = "community", _("News from a community")


class Notification(models.Model):
    """An in-app notice for one resident, counted by the bell in the header until read.

    Only what happened is stored (``kind``, the listings, ``data``); the sentence is written at
    display time, in the reader's language.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    listing = models.ForeignKey(
        "listings.Listing",
        verbose_name=_("listing"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    about_listing = models.ForeignKey(
        "listings.Listing",
        verbose_name=_("about their listing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind}"
