"""Pages for applying to activities and for their organisers. Thin: each finds what the user
may act on, calls ``services`` and says what happened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Application, ApplicationSettings, ApplicationStatus, Kind, Listing
from . import export, services
from .forms import (
    ApplicationSettingsForm,
    ApplyForm,
    DeclineForm,
    QuestionFormSet,
    question_initial,
)


def _add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: next to the field it names, else on top."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


@login_required
def application_settings(request, pk: int):
    """The organiser sets how the activity takes applications, and its questions."""
    listing = services.access_activity_for_organising(request.user, pk)
    current = ApplicationSettings.objects.filter(listing=listing).first()
    questions = list(current.questions.all()) if current else []
    data = request.POST if request.method == "POST" else None
    form = ApplicationSettingsForm(data, instance=current, listing=listing)
    question_forms = QuestionFormSet(data, initial=question_initial(questions), prefix="q")
    if data is not None and form.is_valid() and question_forms.is_valid():
        try:
            services.configure_applications(
                listing=listing,
                by=request.user,
                questions=question_forms.questions(),
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The application settings are saved."))
            return redirect("listings:applicants", pk=listing.pk)
    return render(
        request,
        "listings/applications/settings.html",
        {
            "listing": listing,
            "form": form,
            "question_forms": question_forms,
            "is_new": current is None,
        },
    )


def _open_settings(listing_id: int, user) -> ApplicationSettings:
    found = (
        ApplicationSettings.objects.select_related("listing")
        .filter(listing_id=listing_id, listing__in=Listing.objects.visible_to(user))
        .first()
    )
    if found is None or found.listing.kind != Kind.ACTIVITY:
        raise Http404
    return found


def apply(request, pk: int):
    """Apply in one step: the questions' answers, if any, and the button. The same form is
    on the listing's page; this page shows it again with what went wrong."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("listings:detail", args=[pk]))
    app_settings = _open_settings(pk, request.user)
    listing = app_settings.listing
    questions = list(app_settings.questions.all())
    data = request.POST if request.method == "POST" else None
    form = ApplyForm(data, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.apply_to_activity(
                listing_id=listing.pk, applicant=request.user, answers=form.answers()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _applied_message(application))
            return redirect(reverse("listings:my_applications") + f"#application-{application.pk}")
    return render(
        request,
        "listings/applications/apply.html",
        {
            "listing": listing,
            "app_settings": app_settings,
            "form": form,
            "closing_reason": app_settings.closing_reason(),
        },
        status=400 if form.errors else 200,
    )


def _applied_message(application: Application) -> str:
    values = {"title": application.listing.title}
    return {
        ApplicationStatus.CONFIRMED: _("You are in! Your place at “%(title)s” is confirmed."),
        ApplicationStatus.WAITLISTED: _(
            "All seats at “%(title)s” are taken, so you are on the waiting list. We will "
            "tell you if a seat frees up."
        ),
        ApplicationStatus.APPLIED: _(
            "You have applied to “%(title)s”. The organiser will answer soon."
        ),
    }[application.status] % values


@login_required
def my_applications(request):
    """The resident's applications, newest first, each with its status and, until the
    cutoff, a cancel button. Three queries, whatever their number."""
    applications = list(
        Application.objects.filter(applicant=request.user)
        .select_related("listing__application_settings", "listing__category")
        .order_by("-applied_at", "-pk")
    )
    now = timezone.now()
    for application in applications:
        app_settings = getattr(application.listing, "application_settings", None)
        cancel_until = app_settings.cancel_until() if app_settings else None
        application.cancel_until = cancel_until
        application.can_cancel = application.is_active and (
            cancel_until is None or now < cancel_until
        )
    active = [a for a in applications if a.is_active]
    past = [a for a in applications if not a.is_active]
    return render(
        request, "listings/applications/my_applications.html", {"active": active, "past": past}
    )


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
def cancel(request, application_pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("listings:my_applications"))
    try:
        application = services.cancel_application(application_id=application_pk, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Your application to “%(title)s” is cancelled.")
            % {"title": application.listing.title},
        )
    return redirect(_safe_next(request, reverse("listings:my_applications")))


@login_required
def applicants(request, pk: int):
    """The organiser's list of applicants: status, answers, when, and the decisions."""
    listing = services.access_activity_for_organising(request.user, pk)
    app_settings = ApplicationSettings.objects.filter(listing=listing).first()
    if app_settings is None:
        return redirect("listings:application_settings", pk=listing.pk)
    questions = list(app_settings.questions.all())
    applications = list(
        Application.objects.filter(listing=listing)
        .select_related("applicant__profile")
        .order_by("applied_at", "pk")
    )
    counts = dict.fromkeys(ApplicationStatus.values, 0)
    for application in applications:
        counts[application.status] += 1
        answers = export.answer_cells(application, questions)
        application.answer_pairs = list(zip(questions, answers, strict=True))
    return render(
        request,
        "listings/applications/applicants.html",
        {
            "listing": listing,
            "app_settings": app_settings,
            "questions": questions,
            "applications": applications,
            "counts": counts,
            "free_seats": max(0, app_settings.capacity - counts[ApplicationStatus.CONFIRMED]),
            "decline_form": DeclineForm(),
        },
    )


DECISIONS = {
    "confirm": services.confirm_application,
    "waitlist": services.waitlist_application,
}


@require_POST
def decide(request, application_pk: int):
    """The organiser confirms, waitlists or declines (with a message) one application."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("listings:mine"))
    application = services.access_application_for_organising(request.user, application_pk)
    action = request.POST.get("action", "")
    name = application.applicant.display_name
    try:
        if action == "decline":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["message"])
            services.decline_application(
                application_id=application.pk,
                by=request.user,
                message=form.cleaned_data["message"],
            )
            text = _("%(name)s's application is declined.")
        elif action in DECISIONS:
            DECISIONS[action](application_id=application.pk, by=request.user)
            text = {
                "confirm": _("%(name)s's place is confirmed."),
                "waitlist": _("%(name)s is on the waiting list."),
            }[action]
        else:
            raise ValidationError(_("Choose what to do with the application."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, text % {"name": name})
    return redirect(
        reverse("listings:applicants", args=[application.listing_id])
        + f"#application-{application.pk}"
    )


@login_required
def export_applicants(request, pk: int, file_format: str):
    listing = services.access_activity_for_organising(request.user, pk)
    app_settings = get_object_or_404(ApplicationSettings, listing=listing)
    if file_format not in export.FORMATS:
        raise Http404
    return export.applicants_response(app_settings, file_format)


@require_POST
def message_participants(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("listings:applicants", args=[pk]))
    try:
        conversation = services.message_confirmed_participants(listing_id=pk, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("listings:applicants", pk=pk)
    return redirect("messaging:conversation", pk=conversation.pk)
