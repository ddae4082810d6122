"""The organiser's list of applicants as CSV or Excel: one row per application, the answers
as columns (the current questions, then any removed question that someone had answered).

Cells that a spreadsheet would run as a formula are escaped, as in the listings export.
"""

import csv
import datetime
import tempfile

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ..export import BOM, CSV_TYPE, XLSX_TYPE, escape_formula
from ..models import Application, ApplicationSettings

FORMATS = ("csv", "xlsx")


def answer_cells(application: Application, questions) -> list[str]:
    """The application's answers in the order of ``questions``."""
    return [application.answer_for(question.pk) for question in questions]


def _columns(questions, applications) -> tuple[list, list[str]]:
    """The answer columns: (keys, headers); a key is a question id, or for a question since
    removed, the text it was asked with."""
    current = {question.pk for question in questions}
    keys = [question.pk for question in questions]
    headers = [question.text for question in questions]
    for application in applications:
        for answer in application.answers:
            if answer.get("question") not in current and answer.get("text") not in keys:
                keys.append(answer.get("text"))
                headers.append(answer.get("text", ""))
    return keys, headers


def _answer(application: Application, key) -> str:
    for answer in application.answers:
        if (isinstance(key, int) and answer.get("question") == key) or (
            not isinstance(key, int) and answer.get("text") == key
        ):
            return answer.get("answer", "")
    return ""


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def applicant_table(app_settings: ApplicationSettings) -> tuple[list[str], list[list]]:
    """(headers, rows), oldest application first; two queries."""
    questions = list(app_settings.questions.all())
    applications = list(
        Application.objects.filter(listing_id=app_settings.listing_id)
        .select_related("applicant__profile")
        .order_by("applied_at", "pk")
    )
    keys, question_headers = _columns(questions, applications)
    headers = [
        _("Name"),
        _("E-mail"),
        _("Status"),
        _("Applied at"),
        _("Decided at"),
        _("Cancelled at"),
        _("Message from the organiser"),
        *question_headers,
    ]
    rows = [
        [
            escape_formula(value)
            for value in (
                application.applicant.display_name,
                application.applicant.email,
                application.get_status_display(),
                _local(application.applied_at),
                _local(application.decided_at),
                _local(application.cancelled_at),
                application.message,
                *(_answer(application, key) for key in keys),
            )
        ]
        for application in applications
    ]
    return [escape_formula(header) for header in headers], rows


def _csv_cell(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return "" if value is None else value


def applicants_response(app_settings: ApplicationSettings, file_format: str):
    headers, rows = applicant_table(app_settings)
    name = f"applicants-{app_settings.listing_id}-{timezone.localdate():%Y%m%d}"
    if file_format == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Applicants")[:31])
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        file = tempfile.TemporaryFile()  # FileResponse closes it
        workbook.save(file)
        file.seek(0)
        return FileResponse(
            file, as_attachment=True, filename=f"{name}.xlsx", content_type=XLSX_TYPE
        )
    response = HttpResponse(content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return response
