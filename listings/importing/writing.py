"""Writing a checked file: who may import, and the one transaction that writes every row."""

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.lifecycle import listings_published
from listings.models import Listing, ListingSettings
from listings.search.index import index_listings
from listings.services import mark_published
from listings.tasks import reindex_listings_after_commit

from .bulk import insert_listings, update_listings
from .fields import BATCH_SIZE, ImportRefused, Progress, ValidRow
from .reading import read_listing_rows
from .validation import validate_rows


@dataclass
class ImportResult:
    created: int
    updated: int
    dry_run: bool
    listings: list[Listing]  # the listings written, with their primary keys; [] for a dry run
    rows: list[ValidRow] = field(default_factory=list)  # every checked row, in file order
    existing_refs: set[str] = field(default_factory=set)  # the refs that were already listings


def require_import_permission(user) -> None:
    if user is not None and not (user.is_active and user.is_coordinator):
        raise ImportRefused(
            _("%(email)s is not a coordinator; only coordinators can import listings.")
            % {"email": user.email}
        )


def find_coordinator(email: str):
    """The active coordinator with this e-mail address, for `--as`; ImportRefused otherwise."""
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ImportRefused(_("No account has the e-mail address %(email)s.") % {"email": email})
    require_import_permission(user)
    return user


def import_listings(
    *,
    path: Path,
    data: bytes | None = None,
    by=None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a register file as published listings, all of them or, if any row is invalid,
    none (ImportRefused lists every problem). `by` is the coordinator recorded as `posted_by`;
    None means the system imports. A dry run checks and counts but writes nothing.

    `data` is the file's content when it is not on disk (an upload); `path` then only names it.
    The command and the admin's upload page both import through here."""
    require_import_permission(by)
    rows = validate_rows(read_listing_rows(Path(path), data), progress=progress)
    if dry_run:
        existing = _existing_refs([row.ref for row in rows])
        updated = sum(row.ref in existing for row in rows)
        return ImportResult(
            len(rows) - updated,
            updated,
            dry_run=True,
            listings=[],
            rows=rows,
            existing_refs=existing,
        )
    try:
        with transaction.atomic():
            created, updated = _write_listings(rows, posted_by=by, progress=progress)
            written = created + updated
            # The readings and the matching index follow after commit, in the reindex task.
            index_listings(written, readings=False, announce=False)
            reindex_listings_after_commit([listing.pk for listing in written])
            listings_published.send(sender=Listing, listing_ids=[listing.pk for listing in created])
    except IntegrityError:
        # Only a concurrent import creating the same refs can get here: validation covers the rest.
        raise ImportRefused(
            _("Another import wrote some of these listings at the same time; run it again.")
        ) from None
    return ImportResult(
        len(created),
        len(updated),
        dry_run=False,
        listings=written,
        rows=rows,
        existing_refs={listing.ref for listing in updated},
    )


def _existing_refs(refs: list[str]) -> set[str]:
    found = set()
    for start in range(0, len(refs), BATCH_SIZE):
        found.update(
            Listing.objects.filter(ref__in=refs[start : start + BATCH_SIZE]).values_list(
                "ref", flat=True
            )
        )
    return found


def _write_listings(
    rows: list[ValidRow], *, posted_by, progress: Progress | None
) -> tuple[list[Listing], list[Listing]]:
    """Create or overwrite one listing per row, in batches; returns (created, updated).

    Updated listings are loaded with only the fields the import does not set: reading any
    other field of them (photos, terms…) costs a query each.

    Publishes with `services.mark_published`, as every other way of publishing does, with
    the expiry period read once for the whole file."""
    now = timezone.now()
    expiry_days = ListingSettings.load().expiry_days
    existing = {}
    for start in range(0, len(rows), BATCH_SIZE):
        batch = [row.ref for row in rows[start : start + BATCH_SIZE]]
        existing.update(
            (listing.ref, listing)
            for listing in Listing.objects.filter(ref__in=batch)
            .only("pk", "ref", "published_at")
            .select_for_update()
        )
    created, updated = [], []
    for row in rows:
        listing = existing.get(row.ref)
        if listing is None:
            listing = Listing(ref=row.ref)
            created.append(listing)
        else:
            updated.append(listing)
        for name, value in row.fields.items():
            setattr(listing, name, value)
        listing.posted_by = posted_by
        listing.closed_reason = ""
        mark_published(listing, now=now, expiry_days=expiry_days)
        listing.updated_at = now  # the bulk writes do not apply auto_now

    done = 0
    for batch in _batches(created, BATCH_SIZE):
        insert_listings(batch)
        done += len(batch)
        if progress:
            progress("writing", done, len(rows))
    for batch in _batches(updated, BATCH_SIZE):
        update_listings(batch)
        done += len(batch)
        if progress:
            progress("writing", done, len(rows))
    return created, updated


def _batches(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
