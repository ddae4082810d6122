"""Import rate: a generated register of N rows (default 20,000) imported twice, as a create
and as an update, with the search index written in the same transaction. The kana readings
of kanji words are added to the index afterwards by a queued task (``reindex_listings``,
run by ``db_worker`` in production); its time is printed on its own line.

Runs against the configured database (DATABASE_URL; `make bench` migrates it first) and
removes its rows afterwards. Usage: .venv/bin/python benchmarks/bench_import.py [ROWS]
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
# As in production: the readings task is queued in the database, not run inside the import.
os.environ.setdefault("TASKS_BACKEND", "database")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from accounts.models import Notification  # noqa: E402
from listings.importing import import_listings  # noqa: E402
from listings.models import Listing, ListingSearchDocument  # noqa: E402
from listings.search import warm_up  # noqa: E402
from listings.search.index import index_listings  # noqa: E402
from matching.models import ListingTerm, MatchAlert  # noqa: E402
from tests.listings.import_files import generated_rows, write_csv  # noqa: E402


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    warm_up()
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "register.csv", generated_rows(rows, prefix="BENCH"))
        _remove_bench_listings()
        try:
            for label in ("create", "update"):
                start = time.perf_counter()
                import_listings(path=path)
                elapsed = time.perf_counter() - start
                print(
                    f"import ({connection.vendor}, {rows:,} rows, {label}): "
                    f"{elapsed:.1f} s, {rows / elapsed:,.0f} rows/s"
                )
            start = time.perf_counter()
            imported = Listing.objects.filter(ref__startswith="BENCH-")
            index_listings(imported.iterator(chunk_size=2000), readings=True)
            elapsed = time.perf_counter() - start
            print(
                f"  then the queued readings task ({rows:,} listings): "
                f"{elapsed:.1f} s, {rows / elapsed:,.0f} listings/s"
            )
        finally:
            _remove_bench_listings()


def _remove_bench_listings() -> None:
    """Delete the generated listings in two statements: ``QuerySet.delete()`` collects related
    rows listing by listing and takes minutes at 100,000. Only the search and matching indexes
    and alerts refer to them."""
    DBTaskResult.objects.filter(task_path__endswith="reindex_listings").delete()
    ListingSearchDocument.objects.filter(listing__ref__startswith="BENCH-").delete()
    ListingTerm.objects.filter(listing__ref__startswith="BENCH-").delete()
    MatchAlert.objects.filter(listing__ref__startswith="BENCH-").delete()
    Notification.objects.filter(listing__ref__startswith="BENCH-").delete()
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Listing._meta.db_table)
        cursor.execute(f"DELETE FROM {table} WHERE ref LIKE %s", ["BENCH-%"])  # noqa: S608


if __name__ == "__main__":
    main()
