"""Coordinators export listings as CSV or Excel from the Wagtail admin.

The columns are the import format's fields, then status, created_at and published_at, which an
import reads past: an exported file can be edited and imported again, updating by ``ref``.
Rows are read with ``iterator()``, so memory and the query count do not grow with the number
of listings. Text that a spreadsheet would run as a formula gets a leading ``'``.
"""

import csv
import datetime
import tempfile

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from .importing import EXPORT_ONLY_FIELDS, FIELDS, LIST_SEPARATOR
from .models import Category, Kind, Listing, Status

COLUMNS = (*FIELDS, *EXPORT_ONLY_FIELDS)
CHUNK_SIZE = 2000
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # Excel in Japan reads a CSV as Shift_JIS unless it starts with a BOM
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ListingExportForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Any status")), *Status.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("Any kind")), *Kind.choices],
        required=False,
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        empty_label=gettext_lazy("Any category"),
        required=False,
    )
    format = forms.ChoiceField(
        label=gettext_lazy("File type"),
        choices=[("csv", gettext_lazy("CSV (UTF-8)")), ("xlsx", gettext_lazy("Excel (.xlsx)"))],
        initial="csv",
    )

    def listings(self):
        """The chosen listings, oldest first; the form must be valid."""
        listings = Listing.objects.select_related("category", "owner").order_by("pk")
        data = self.cleaned_data
        if data["status"]:
            listings = listings.filter(status=data["status"])
        if data["kind"]:
            listings = listings.filter(kind=data["kind"])
        if data["category"]:
            listings = listings.filter(category=data["category"])
        return listings


def export_listings(request):
    """The export form; with its fields in the query string, the file itself."""
    if not request.user.is_coordinator:
        raise PermissionDenied
    form = ListingExportForm(request.GET if "format" in request.GET else None)
    if not form.is_valid():
        return TemplateResponse(request, "listings/admin/export_listings.html", {"form": form})
    rows = listing_rows(form.listings())
    name = f"listings-{timezone.localdate():%Y%m%d}"
    if form.cleaned_data["format"] == "xlsx":
        return FileResponse(
            write_xlsx(rows), as_attachment=True, filename=f"{name}.xlsx", content_type=XLSX_TYPE
        )
    response = StreamingHttpResponse(stream_csv(rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def listing_rows(listings):
    """One list of cell values per listing, in COLUMNS order; a formula-looking text escaped."""
    for listing in listings.iterator(chunk_size=CHUNK_SIZE):
        values = {
            "ref": listing.ref or "",
            "kind": listing.kind,
            "direction": listing.direction,
            "title": listing.title,
            "description": listing.description,
            "category": listing.category.slug,
            "tags": LIST_SEPARATOR.join(listing.tags),
            "language": listing.language,
            "area": listing.area,
            "lat": listing.latitude,
            "lon": listing.longitude,
            "spoken_languages": LIST_SEPARATOR.join(listing.spoken_languages),
            "owner": listing.owner.email if listing.owner else "",
            "status": listing.status,
            "created_at": _local(listing.created_at),
            "published_at": _local(listing.published_at),
        }
        yield [escape_formula(values[name]) for name in COLUMNS]


def escape_formula(value):
    """Text that starts like a formula, prefixed with ``'`` so that it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """The local time without its zone: Excel cannot store one."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


class _Line:
    """A file-like target for csv.writer that hands back each line it is given."""

    def write(self, line: str) -> str:
        return line


def stream_csv(rows):
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow(
            [
                value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value
                for value in row
            ]
        )


def write_xlsx(rows):
    """A temporary file holding the workbook (write-only mode: rows are not kept in memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(gettext_lazy("Listings")))
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    file = tempfile.TemporaryFile()  # FileResponse closes it
    workbook.save(file)
    file.seek(0)
    return file
