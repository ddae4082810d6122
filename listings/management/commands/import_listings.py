from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from listings.importing import ImportRefused, find_coordinator, import_listings


class Command(BaseCommand):
    help = (
        "Import listings from a city register (.jsonl, .csv or .xlsx; fields in DESIGN.md) as "
        "published listings. The whole file is checked first: if any row is wrong, every "
        "problem is listed and nothing is imported. Re-importing a ref updates that listing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The register file: .jsonl, .csv or .xlsx.")
        parser.add_argument(
            "--as",
            dest="as_email",
            metavar="EMAIL",
            help="The coordinator recorded as having posted the listings (default: the system).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would be imported, without writing anything.",
        )

    def handle(self, *args, path, as_email, dry_run, **options):
        self._progress_shown = False
        self._progress_width = 0
        show_progress = self.stdout.isatty() and options["verbosity"] > 0
        try:
            by = find_coordinator(as_email) if as_email else None
            result = import_listings(
                path=Path(path),
                by=by,
                dry_run=dry_run,
                progress=self._show_progress if show_progress else None,
            )
        except ImportRefused as refusal:
            raise CommandError(str(refusal)) from None
        finally:
            if self._progress_shown:
                self.stdout.write("")
        if result.dry_run:
            summary = _("Dry run: %(created)s would be created, %(updated)s would be updated.")
        else:
            summary = _("%(created)s created, %(updated)s updated")
        self.stdout.write(summary % {"created": result.created, "updated": result.updated})

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        label = _("Checking rows") if stage == "checking" else _("Writing listings")
        line = f"{label}: {done}/{total}"
        # Pad over a longer previous line: "\r" only moves the cursor back.
        self.stdout.write("\r" + line.ljust(self._progress_width), ending="")
        self._progress_width = len(line)
        self.stdout.flush()
        self._progress_shown = True
