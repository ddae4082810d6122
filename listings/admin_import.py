"""The coordinators' import page in the Wagtail admin: upload a register file, see every problem
or a summary of what it would do, then confirm to import exactly the file that was previewed.

The uploaded file waits in the default storage under a random name, in a folder of the
coordinator's own; the session remembers which one, so the confirmation carries no data. The
preview and the import both go through ``listings.importing.import_listings``, as the
command does.
"""

import secrets
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .importing import ImportRefused, import_listings, require_known_format

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PREVIEW_ROWS = 10
UPLOAD_FOLDER = "listing-imports"
SESSION_KEY = "listing_import"


def _require_coordinator(request) -> None:
    if not request.user.is_coordinator:
        raise PermissionDenied


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Register file"),
        help_text=gettext_lazy(
            "A .csv (UTF-8), .xlsx or .jsonl file with a header row of the import fields, "
            "up to 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.jsonl"}),
    )
    as_me = forms.BooleanField(
        label=gettext_lazy("Record me as the coordinator who posted these listings"),
        required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            require_known_format(Path(upload.name))
        except ImportRefused as refusal:
            raise forms.ValidationError(refusal.message, code="file_type") from None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; files up to %(limit)s MB can be imported.")
                % {
                    "size": f"{upload.size / 1024 / 1024:.1f}",
                    "limit": MAX_UPLOAD_BYTES // 1024 // 1024,
                },
                code="file_size",
            )
        return upload


def import_upload(request):
    """GET: the upload form. POST: store the file and preview it: every problem, or what the
    import would do, with a button to confirm. Nothing is written to listings here."""
    _require_coordinator(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return TemplateResponse(request, "listings/admin/import_upload.html", {"form": form})
    upload = form.cleaned_data["file"]
    data = upload.read()
    by = request.user if form.cleaned_data["as_me"] else None
    _discard_pending(request)
    try:
        preview = import_listings(path=Path(upload.name), data=data, by=by, dry_run=True)
    except ImportRefused as refusal:
        return TemplateResponse(
            request,
            "listings/admin/import_preview.html",
            {"file_name": upload.name, "refusal": refusal},
        )
    stored = default_storage.save(
        f"{UPLOAD_FOLDER}/{request.user.pk}/{secrets.token_urlsafe(24)}{Path(upload.name).suffix}",
        ContentFile(data),
    )
    request.session[SESSION_KEY] = {"stored": stored, "name": upload.name, "as_me": by is not None}
    return TemplateResponse(
        request,
        "listings/admin/import_preview.html",
        {
            "file_name": upload.name,
            "preview": preview,
            "first_rows": [
                {
                    **row.fields,
                    "ref": row.ref,
                    "line": row.line,
                    "new": row.ref not in preview.existing_refs,
                }
                for row in preview.rows[:PREVIEW_ROWS]
            ],
        },
    )


@require_POST
def import_confirm(request):
    """Import the file previewed in this session, then forget it."""
    _require_coordinator(request)
    pending = request.session.get(SESSION_KEY)
    if not pending or not _is_own_upload(request, pending["stored"]):
        messages.error(request, _("There is no previewed file to import. Upload it again."))
        return redirect("listings_import")
    try:
        with default_storage.open(pending["stored"], "rb") as stored:
            data = stored.read()
    except OSError:
        del request.session[SESSION_KEY]
        messages.error(request, _("The previewed file is no longer here. Upload it again."))
        return redirect("listings_import")
    by = request.user if pending["as_me"] else None
    try:
        result = import_listings(path=Path(pending["name"]), data=data, by=by)
    except ImportRefused as refusal:
        _discard_pending(request)
        return TemplateResponse(
            request,
            "listings/admin/import_preview.html",
            {"file_name": pending["name"], "refusal": refusal},
        )
    _discard_pending(request)
    messages.success(
        request,
        _("Imported %(file)s: %(created)s new listings, %(updated)s updated.")
        % {"file": pending["name"], "created": result.created, "updated": result.updated},
    )
    return redirect("listings_import")


def _is_own_upload(request, stored: str) -> bool:
    return stored.startswith(f"{UPLOAD_FOLDER}/{request.user.pk}/")


def _discard_pending(request) -> None:
    """Delete the file an earlier preview in this session stored, if any."""
    pending = request.session.pop(SESSION_KEY, None)
    if pending and _is_own_upload(request, pending["stored"]):
        default_storage.delete(pending["stored"])
