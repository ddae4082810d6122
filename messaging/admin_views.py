"""The coordinators' queue of message reports in the Wagtail admin.

Staff see only what was reported: the reported message (or, for a report of a whole
conversation, its last ``CONVERSATION_REPORT_MESSAGES`` messages when it was reported) with
``CONTEXT_MESSAGES`` messages before and after, never the rest of the conversation. Every page
that shows a conversation's messages to staff is written to the audit log
(``yui.conversation.staff_view``), one entry per conversation shown.

Handling a report (resolve, optionally blocking the sender for the reporter; or dismiss), each
with a note, is done by ``resolve_report`` / ``dismiss_report`` below: the admin is their only
caller today; they belong with the other writes in ``services`` if another caller appears.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Max
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from listings.models import ReportStatus
from listings.models.reports import RESOLUTION_NOTE_MAX_LENGTH

from . import services
from .models import (
    ConversationKind,
    Membership,
    Message,
    MessageReport,
)

REPORTS_PER_PAGE = 20
CONTEXT_MESSAGES = 2
CONVERSATION_REPORT_MESSAGES = 5

STAFF_VIEW_ACTION = "yui.conversation.staff_view"
RESOLVE_ACTION = "yui.conversation.report.resolve"
DISMISS_ACTION = "yui.conversation.report.dismiss"


def _require_coordinator(request) -> None:
    if not request.user.is_authenticated or not request.user.is_coordinator:
        raise PermissionDenied


def open_reports():
    """Open reports, oldest first, with what the queue shows of each."""
    return (
        MessageReport.objects.filter(status=ReportStatus.OPEN)
        .select_related(
            "conversation__listing",
            "message__sender__profile",
            "reporter__profile",
        )
        .order_by("created_at", "pk")
    )


@dataclass
class ExcerptLine:
    message: Message
    reported: bool


@dataclass
class ReportExcerpt:
    report: MessageReport
    lines: list[ExcerptLine]
    # Whom "block the sender" would block for the reporter; None when there is nobody to
    # block (a group conversation reported as a whole, the reporter's account deleted …).
    block_target: object


def reported_seqs(report: MessageReport) -> list[int]:
    """The numbers of the messages a report is about: the reported message, or the last
    messages of the conversation when it was reported."""
    if report.message_id is not None:
        return [report.message.seq]
    last = (
        Message.objects.filter(
            conversation_id=report.conversation_id, created_at__lte=report.created_at
        ).aggregate(last=Max("seq"))["last"]
        or 0
    )
    return list(range(max(1, last - CONVERSATION_REPORT_MESSAGES + 1), last + 1))


def excerpt_messages(report: MessageReport) -> list[ExcerptLine]:
    """The reported messages with ``CONTEXT_MESSAGES`` before and after, and nothing else."""
    seqs = reported_seqs(report)
    if not seqs:
        return []
    window = (
        Message.objects.filter(
            conversation_id=report.conversation_id,
            seq__gte=seqs[0] - CONTEXT_MESSAGES,
            seq__lte=seqs[-1] + CONTEXT_MESSAGES,
        )
        .select_related("sender__profile", "on_behalf_of")
        .order_by("seq")
    )
    reported = set(seqs)
    return [ExcerptLine(message, message.seq in reported) for message in window]


def block_target(report: MessageReport):
    """Whom the reporter would block: the reported message's sender, or the other person of
    a two-person conversation; None if there is no such person."""
    if report.reporter_id is None:
        return None
    if report.message_id is not None:
        sender = report.message.sender
        return sender if sender is not None and sender.pk != report.reporter_id else None
    if report.conversation.kind != ConversationKind.DIRECT:
        return None
    other = (
        Membership.objects.filter(conversation_id=report.conversation_id)
        .exclude(user_id=report.reporter_id)
        .select_related("user__profile")
        .first()
    )
    return other.user if other is not None else None


def log_staff_view(*, user, excerpts: list[ReportExcerpt]) -> None:
    """One audit log entry per conversation whose messages ``user`` was shown."""
    shown: dict[int, tuple] = {}
    for excerpt in excerpts:
        conversation = excerpt.report.conversation
        _conversation, reports, seqs = shown.setdefault(conversation.pk, (conversation, [], []))
        reports.append(excerpt.report.pk)
        seqs.extend(line.message.seq for line in excerpt.lines)
    for conversation, reports, seqs in shown.values():
        log(
            instance=conversation,
            action=STAFF_VIEW_ACTION,
            user=user,
            data={"reports": reports, "messages": sorted(set(seqs))},
        )


# Handling a report


def _open_report_for_update(report_id: int) -> MessageReport:
    report = (
        MessageReport.objects.select_for_update(of=("self",))
        .select_related("conversation", "message__sender", "reporter")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.status != ReportStatus.OPEN:
        raise ValidationError(_("This report has already been handled."))
    return report


@transaction.atomic
def resolve_report(*, report_id: int, by, note: str, block_sender: bool = False) -> MessageReport:
    """A coordinator resolves an open report with a note; with ``block_sender`` the reporter
    blocks the sender (``services.block_user``), so neither can write to the other again."""
    if not by.is_coordinator:
        raise PermissionDenied
    report = _open_report_for_update(report_id)
    blocked = None
    if block_sender:
        blocked = block_target(report)
        if blocked is None:
            raise ValidationError(
                _("There is no single sender to block for this report; resolve it without.")
            )
    report.close(by=by, note=note, status=ReportStatus.RESOLVED)
    if blocked is not None:
        services.block_user(blocker=report.reporter, blocked=blocked)
    log(
        instance=report.conversation,
        action=RESOLVE_ACTION,
        user=by,
        data={
            "report": report.pk,
            "message": report.message_id,
            "blocked": blocked.pk if blocked is not None else None,
        },
    )
    return report


@transaction.atomic
def dismiss_report(*, report_id: int, by, note: str) -> MessageReport:
    """A coordinator dismisses an open report with a note."""
    if not by.is_coordinator:
        raise PermissionDenied
    report = _open_report_for_update(report_id)
    report.close(by=by, note=note, status=ReportStatus.DISMISSED)
    log(
        instance=report.conversation,
        action=DISMISS_ACTION,
        user=by,
        data={"report": report.pk, "message": report.message_id},
    )
    return report


class ReportDecisionForm(forms.Form):
    report = forms.IntegerField()
    decision = forms.ChoiceField(choices=[("resolve", "resolve"), ("dismiss", "dismiss")])
    note = forms.CharField(max_length=RESOLUTION_NOTE_MAX_LENGTH, required=False)
    block_sender = forms.BooleanField(required=False)


def reports_queue(request):
    """Open message reports, oldest first, each with only the reported messages and their
    context; a POST resolves or dismisses one report."""
    _require_coordinator(request)
    if request.method == "POST":
        form = ReportDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what to do with the report."))
            return redirect("messaging_reports_queue")
        data = form.cleaned_data
        try:
            if data["decision"] == "resolve":
                resolve_report(
                    report_id=data["report"],
                    by=request.user,
                    note=data["note"],
                    block_sender=data["block_sender"],
                )
                if data["block_sender"]:
                    messages.success(
                        request, _("The report is resolved and the sender is blocked.")
                    )
                else:
                    messages.success(request, _("The report is resolved."))
            else:
                dismiss_report(report_id=data["report"], by=request.user, note=data["note"])
                messages.success(request, _("The report is dismissed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("messaging_reports_queue")
    page = Paginator(open_reports(), REPORTS_PER_PAGE).get_page(request.GET.get("p"))
    excerpts = [
        ReportExcerpt(report, excerpt_messages(report), block_target(report)) for report in page
    ]
    log_staff_view(user=request.user, excerpts=excerpts)
    return TemplateResponse(
        request,
        "messaging/admin/reports_queue.html",
        {"page": page, "excerpts": excerpts},
    )
