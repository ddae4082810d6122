"""Every write about applications to activities: the organiser's settings, applying,
cancelling, the organiser's decisions, the waiting list and the participants' group chat.

Each change of a seat runs in one transaction that first locks the activity's
``ApplicationSettings`` row (``SELECT … FOR UPDATE``): concurrent applications, cancellations
and decisions for one activity queue up behind it, so the confirmed seats never exceed the
capacity and the waiting list is promoted once. Notifications are written in the same
transaction; their e-mails are queued (django-tasks) after it commits.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import COORDINATORS_GROUP, NotificationKind
from accounts.notifications import notify
from messaging.models import Conversation, Membership
from messaging.notification_emails import email_on_commit
from messaging.services import open_group, sync_group_members

from ..models import (
    ACTIVE_STATUSES,
    Application,
    ApplicationQuestion,
    ApplicationSettings,
    ApplicationStatus,
    ApprovalMode,
    Kind,
    Listing,
    QuestionKind,
)


class Event:
    """What happened, stored in a notification's ``data["event"]``."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    DECLINED = "declined"
    CANCELLED_BY_ORGANISER = "cancelled_by_organiser"
    APPLIED = "applied"  # to the organiser
    CANCELLED = "cancelled"  # to the organiser


# Who may organise and who answers for an activity.


def can_organise(user, listing: Listing) -> bool:
    """The owner, and every coordinator (which covers the coordinator who posted a proxy
    resident's activity)."""
    return listing.can_be_edited_by(user)


def organiser_ids(listing: Listing) -> list[int]:
    """The accounts that answer for ``listing``: its owner; for a listing posted on someone's
    behalf, the coordinator who posted it (or the proxy resident's contact coordinator)."""
    if listing.owner_id:
        return [listing.owner_id]
    if listing.posted_by_id:
        return [listing.posted_by_id]
    proxy = listing.proxy_owner if listing.proxy_owner_id else None
    return [proxy.coordinator_id] if proxy and proxy.coordinator_id else []


def access_activity_for_organising(user, listing_id: int) -> Listing:
    """The activity ``listing_id`` if ``user`` may organise it: 404 when they cannot see it or
    it is not an activity, 403 when they can see it but do not organise it."""
    listing = (
        Listing.objects.visible_to(user)
        .select_related("category")
        .filter(pk=listing_id, kind=Kind.ACTIVITY)
        .first()
    )
    if listing is None:
        raise Http404
    if not can_organise(user, listing):
        raise PermissionDenied(_("Only the organiser of this activity or a coordinator can."))
    return listing


def access_application_for_organising(user, application_id: int) -> Application:
    """An application to an activity ``user`` organises (404 / 403 as above)."""
    application = (
        Application.objects.select_related("listing", "applicant__profile")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not user.is_authenticated:
        raise Http404
    access_activity_for_organising(user, application.listing_id)
    return application


def access_own_application(user, application_id: int) -> Application:
    """``user``'s own application; 404 for anyone else's (who cannot tell it exists)."""
    if not user.is_authenticated:
        raise Http404
    application = (
        Application.objects.select_related("listing")
        .filter(pk=application_id, applicant=user)
        .first()
    )
    if application is None:
        raise Http404
    return application


def _lock_settings(listing_id: int) -> ApplicationSettings:
    """The activity's settings row, locked until the transaction ends; call inside one."""
    found = (
        ApplicationSettings.objects.select_for_update(of=("self",))
        .select_related("listing", "listing__proxy_owner")
        .filter(listing_id=listing_id)
        .first()
    )
    if found is None:
        raise ValidationError(_("This activity does not take applications online."))
    return found


# The organiser's settings.


@transaction.atomic
def configure_applications(
    *,
    listing: Listing,
    by,
    capacity: int,
    deadline: datetime.datetime | None = None,
    cancellation_cutoff_hours: int = 24,
    approval_mode: str = ApprovalMode.FIRST_COME,
    is_open: bool = True,
    questions: Sequence[dict] = (),
) -> ApplicationSettings:
    """Create or change how ``listing`` (an activity ``by`` organises) takes applications.

    ``questions``: ``{"text", "kind", "options", "required"}`` in order; the question at each
    position keeps its id (answers already given stay attached), extra ones are removed. More
    seats fill at once from the waiting list; fewer seats confirm no one new but cancel no one.
    """
    if not can_organise(by, listing):
        raise PermissionDenied
    if listing.kind != Kind.ACTIVITY:
        raise ValidationError(_("Only activities take applications."))
    if (
        deadline is not None
        and listing.activity_starts_at
        and deadline > listing.activity_starts_at
    ):
        raise ValidationError({"deadline": _("The deadline must be before the activity starts.")})
    app_settings, created = ApplicationSettings.objects.get_or_create(
        listing=listing, defaults={"capacity": capacity}
    )
    if not created:
        app_settings = _lock_settings(listing.pk)
    app_settings.capacity = capacity
    app_settings.deadline = deadline
    app_settings.cancellation_cutoff_hours = cancellation_cutoff_hours
    app_settings.approval_mode = approval_mode
    app_settings.is_open = is_open
    app_settings.full_clean(exclude=["listing", "group_conversation"])
    app_settings.save()
    _replace_questions(app_settings, questions)
    _fill_free_seats(app_settings, timezone.now())
    _sync_group(app_settings)
    return app_settings


def _replace_questions(app_settings: ApplicationSettings, questions: Sequence[dict]) -> None:
    existing = list(app_settings.questions.order_by("position", "pk"))
    for position, data in enumerate(questions):
        question = existing[position] if position < len(existing) else ApplicationQuestion()
        question.settings = app_settings
        question.position = position
        question.text = data["text"].strip()
        question.kind = data.get("kind") or QuestionKind.TEXT
        question.options = [option.strip() for option in data.get("options", []) if option.strip()]
        question.required = bool(data.get("required"))
        question.full_clean(exclude=["settings"])
        question.save()
    stale = [question.pk for question in existing[len(questions) :]]
    if stale:
        ApplicationQuestion.objects.filter(pk__in=stale).delete()


# Applying and cancelling.


def clean_answers(questions: Iterable[ApplicationQuestion], answers: dict[int, str]) -> list[dict]:
    """The answers to store (see ``Application.answers``); ValidationError naming each bad
    answer's field (``question_<id>``)."""
    stored, errors = [], {}
    for question in questions:
        answer = str(answers.get(question.pk, "") or "").strip()
        if question.required and not answer:
            errors[f"question_{question.pk}"] = _("Please answer this question.")
        elif question.kind == QuestionKind.CHOICE and answer and answer not in question.options:
            errors[f"question_{question.pk}"] = _("Choose one of the options.")
        elif len(answer) > 500:
            errors[f"question_{question.pk}"] = _("Please keep the answer under 500 characters.")
        stored.append({"question": question.pk, "text": question.text, "answer": answer})
    if errors:
        raise ValidationError(errors)
    return stored


def apply_to_activity(
    *, listing_id: int, applicant, answers: dict[int, str] | None = None, now=None
) -> Application:
    """``applicant`` applies to the activity, answering its questions (question id → text).

    First come: confirmed while seats remain, then waitlisted. With approval: applied, until
    the organiser decides. ValidationError (nothing written) when applications are closed,
    past the deadline, by the organiser, twice, or with a missing or wrong answer.
    """
    now = now or timezone.now()
    with transaction.atomic():
        app_settings = _lock_settings(listing_id)
        listing = app_settings.listing
        reason = app_settings.closing_reason(now)
        if reason:
            raise ValidationError(reason)
        if applicant.pk in organiser_ids(listing):
            raise ValidationError(_("You organise this activity, so you cannot apply to it."))
        already = _("You have already applied to this activity.")
        if Application.objects.active().filter(listing=listing, applicant=applicant).exists():
            raise ValidationError(already)
        stored = clean_answers(app_settings.questions.all(), answers or {})
        if app_settings.approval_mode == ApprovalMode.APPROVAL:
            status = ApplicationStatus.APPLIED
        elif _confirmed_count(listing.pk) < app_settings.capacity:
            status = ApplicationStatus.CONFIRMED
        else:
            status = ApplicationStatus.WAITLISTED
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    listing=listing,
                    applicant=applicant,
                    status=status,
                    answers=stored,
                    applied_at=now,
                    decided_at=now if status != ApplicationStatus.APPLIED else None,
                )
        except IntegrityError:  # the same person, at the same moment, in another tab
            raise ValidationError(already) from None
        _tell_organisers(application, Event.APPLIED)
        if status == ApplicationStatus.CONFIRMED:
            _sync_group(app_settings)
    return application


def cancel_application(*, application_id: int, by, now=None) -> Application:
    """The applicant cancels their own application, until the cutoff before the start. A
    confirmed seat given up goes to the first on the waiting list."""
    now = now or timezone.now()
    application = access_own_application(by, application_id)
    with transaction.atomic():
        app_settings = _lock_settings(application.listing_id)
        application.refresh_from_db(fields=["status"])
        if application.status not in ACTIVE_STATUSES:
            raise ValidationError(_("This application is no longer active."))
        cancel_until = app_settings.cancel_until()
        if cancel_until is not None and now >= cancel_until:
            raise ValidationError(
                _("It is too late to cancel online. Please send the organiser a message instead.")
            )
        was_confirmed = application.status == ApplicationStatus.CONFIRMED
        application.status = ApplicationStatus.CANCELLED
        application.cancelled_at = now
        application.save(update_fields=["status", "cancelled_at", "updated_at"])
        _tell_organisers(application, Event.CANCELLED)
        if was_confirmed:
            _fill_free_seats(app_settings, now)
            _sync_group(app_settings)
    return application


# The organiser's decisions.


def confirm_application(*, application_id: int, by, now=None) -> Application:
    """Give an applied or waitlisted applicant a seat; refused when every seat is taken
    (the organiser can put them on the waiting list instead, or add seats)."""
    now = now or timezone.now()
    application = access_application_for_organising(by, application_id)
    with transaction.atomic():
        app_settings = _lock_settings(application.listing_id)
        application.refresh_from_db(fields=["status"])
        _check_status(application, [ApplicationStatus.APPLIED, ApplicationStatus.WAITLISTED])
        if _confirmed_count(application.listing_id) >= app_settings.capacity:
            raise ValidationError(
                _(
                    "All %(capacity)s seats are taken. Put the application on the waiting "
                    "list, or add seats in the settings."
                )
                % {"capacity": app_settings.capacity}
            )
        _set_status(application, ApplicationStatus.CONFIRMED, now)
        _tell_applicant(application, Event.CONFIRMED)
        _sync_group(app_settings)
    return application


def waitlist_application(*, application_id: int, by, now=None) -> Application:
    """Put an applied applicant on the waiting list: they get the next free seat."""
    now = now or timezone.now()
    application = access_application_for_organising(by, application_id)
    with transaction.atomic():
        app_settings = _lock_settings(application.listing_id)
        application.refresh_from_db(fields=["status"])
        _check_status(application, [ApplicationStatus.APPLIED])
        _set_status(application, ApplicationStatus.WAITLISTED, now)
        _tell_applicant(application, Event.WAITLISTED)
        _fill_free_seats(app_settings, now)
    return application


def decline_application(*, application_id: int, by, message: str = "", now=None) -> Application:
    """Decline an application (with a message for the applicant), or take back a confirmed
    or waitlisted place; a confirmed seat freed goes to the first on the waiting list."""
    now = now or timezone.now()
    application = access_application_for_organising(by, application_id)
    message = message.strip()
    if len(message) > 1000:
        raise ValidationError({"message": _("Please keep the message under 1000 characters.")})
    with transaction.atomic():
        app_settings = _lock_settings(application.listing_id)
        application.refresh_from_db(fields=["status"])
        _check_status(application, ACTIVE_STATUSES)
        was_confirmed = application.status == ApplicationStatus.CONFIRMED
        application.message = message
        _set_status(application, ApplicationStatus.DECLINED, now, extra=["message"])
        _tell_applicant(
            application, Event.CANCELLED_BY_ORGANISER if was_confirmed else Event.DECLINED
        )
        if was_confirmed:
            _fill_free_seats(app_settings, now)
            _sync_group(app_settings)
    return application


def _check_status(application: Application, allowed: Iterable[str]) -> None:
    if application.status not in allowed:
        raise ValidationError(
            _("This application is already “%(status)s”.")
            % {"status": application.get_status_display()}
        )


def _set_status(application: Application, status: str, now, extra=()) -> None:
    application.status = status
    application.decided_at = now
    application.save(update_fields=["status", "decided_at", "updated_at", *extra])


def _confirmed_count(listing_id: int) -> int:
    return Application.objects.confirmed().filter(listing_id=listing_id).count()


def _fill_free_seats(app_settings: ApplicationSettings, now) -> list[Application]:
    """Confirm the first on the waiting list while seats are free, and tell them. The
    settings row must be locked by the caller."""
    free = app_settings.capacity - _confirmed_count(app_settings.listing_id)
    if free <= 0:
        return []
    promoted = list(
        Application.objects.waitlist()
        .filter(listing_id=app_settings.listing_id)
        .select_related("listing")[:free]
    )
    for application in promoted:
        _set_status(application, ApplicationStatus.CONFIRMED, now)
        _tell_applicant(application, Event.PROMOTED)
    return promoted


# Telling people.


def _notify_with_email(*, recipient_id: int, kind: str, listing_id: int, data: dict) -> None:
    notification = notify(recipient=recipient_id, kind=kind, listing=listing_id, data=data)
    email_on_commit([notification])


def _tell_applicant(application: Application, event: str) -> None:
    data = {"event": event, "application": application.pk}
    if application.message and event in (Event.DECLINED, Event.CANCELLED_BY_ORGANISER):
        data["message"] = application.message
    _notify_with_email(
        recipient_id=application.applicant_id,
        kind=NotificationKind.APPLICATION,
        listing_id=application.listing_id,
        data=data,
    )


def _tell_organisers(application: Application, event: str) -> None:
    applicant = application.applicant
    for recipient_id in organiser_ids(application.listing):
        _notify_with_email(
            recipient_id=recipient_id,
            kind=NotificationKind.APPLICATION_RECEIVED,
            listing_id=application.listing_id,
            data={
                "event": event,
                "application": application.pk,
                "status": application.status,
                "name": applicant.display_name,
            },
        )


# The confirmed participants' group conversation.


def _group_member_ids(app_settings: ApplicationSettings, conversation: Conversation) -> set[int]:
    """The confirmed participants, the organisers, whoever opened the group, and any
    coordinator who joined it since (they stay until they leave)."""
    listing_id = app_settings.listing_id
    members = set(
        Application.objects.confirmed()
        .filter(listing_id=listing_id)
        .values_list("applicant_id", flat=True)
    )
    members.update(organiser_ids(app_settings.listing))
    if conversation.created_by_id:
        members.add(conversation.created_by_id)
    members.update(
        Membership.objects.filter(
            conversation=conversation,
            left_at__isnull=True,
            user__groups__name=COORDINATORS_GROUP,
        ).values_list("user_id", flat=True)
    )
    return members


def _sync_group(app_settings: ApplicationSettings) -> None:
    if app_settings.group_conversation_id is None:
        return
    conversation = app_settings.group_conversation
    sync_group_members(
        conversation=conversation, member_ids=_group_member_ids(app_settings, conversation)
    )


def message_confirmed_participants(*, listing_id: int, by) -> Conversation:
    """The group conversation of the activity's confirmed participants and its organisers,
    opened the first time and kept in step with the confirmed seats from then on; ``by``
    (an organiser) is a member."""
    listing = access_activity_for_organising(by, listing_id)
    with transaction.atomic():
        app_settings = _lock_settings(listing.pk)
        conversation = app_settings.group_conversation
        if conversation is None:
            conversation = open_group(
                created_by=by,
                title=_("Participants of “%(title)s”") % {"title": listing.title},
                members=[by],
            )
            app_settings.group_conversation = conversation
            app_settings.save(update_fields=["group_conversation", "updated_at"])
        members = _group_member_ids(app_settings, conversation) | {by.pk}
        sync_group_members(conversation=conversation, member_ids=members)
    return conversation
