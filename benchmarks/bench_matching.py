"""Matching suggestions for one listing through the JSON API, at scale.

Uses the listings of ``bench_search.py`` (default 100,000 on PostgreSQL, 10,000 on SQLite:
the demo texts varied, both directions, four kinds, all published), then measures with
Django's test client, in this process:

- ``GET /api/v1/listings/{id}/matches/`` for random listings, requests and offers alike;
- the number of SQL queries of each call, which must not vary;

and prints p50/p95 and whether "p95 under 50 ms" (DESIGN.md) holds. Usage:

    .venv/bin/python benchmarks/bench_matching.py [LISTINGS] [--calls N] [--keep]

``--keep`` leaves the listings for a later run of this or ``bench_search.py``.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from bench_search import REF_PREFIX, create_listings, percentile  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from listings.models import Listing  # noqa: E402
from listings.search import warm_up  # noqa: E402
from matching.index import sync_listing_terms  # noqa: E402
from matching.models import ListingTerm  # noqa: E402

BUDGET_MS = 50.0
SEED = 7


def measure(ids: list[int]) -> tuple[list[float], set[int], list[int]]:
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "")
    for listing_id in ids[:10]:  # warm up: caches, synonyms, plans
        client.get(f"/api/v1/listings/{listing_id}/matches/")
    samples, query_counts, found = [], set(), []
    for listing_id in ids:
        reset_queries()
        start = time.perf_counter()
        response = client.get(f"/api/v1/listings/{listing_id}/matches/")
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"listing {listing_id}: HTTP {response.status_code}")
        query_counts.add(len(connection.queries))
        found.append(len(response.json()["results"]))
    reset_queries()
    return samples, query_counts, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("listings", nargs="?", type=int)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="leave the listings in the database")
    args = parser.parse_args()
    default = 100_000 if connection.vendor == "postgresql" else 10_000
    count = args.listings or int(os.environ.get("BENCH_SEARCH_LISTINGS") or default)

    warm_up()
    mine = Listing.objects.filter(ref__startswith=REF_PREFIX)
    if mine.count() != count:
        mine.delete()
        create_listings(count)
    else:
        print(f"  reusing {count:,} listings from an earlier --keep run")
        ids = list(mine.values_list("pk", flat=True))
        if not ListingTerm.objects.filter(listing_id__in=ids[:100]).exists():
            start = time.perf_counter()
            sync_listing_terms(ids)
            print(f"  matching index rebuilt in {time.perf_counter() - start:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics and visibility map, as autovacuum keeps them: the term counts
            # are index-only scans.
            cursor.execute("VACUUM ANALYZE")
    try:
        rng = random.Random(SEED)  # noqa: S311 -- repeatable choice of listings
        ids = rng.sample(list(mine.values_list("pk", flat=True)), args.calls)
        samples, query_counts, found = measure(ids)
        p95 = percentile(samples, 0.95)
        print()
        print(f"matching benchmark: {connection.vendor}, {Listing.objects.count():,} listings")
        print(f"  {'request':<44} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
        print(
            f"  {'GET /api/v1/listings/{id}/matches/':<44} {len(samples):>5}"
            f" {statistics.median(samples):>9.1f} {p95:>9.1f} {max(samples):>9.1f}"
        )
        print(
            f"  suggestions per call: {statistics.mean(found):.1f} on average, {min(found)} fewest"
        )
        print(f"  SQL queries per call: {sorted(query_counts)}")
        print(f"  p95 {p95:.1f} ms < {BUDGET_MS:.0f} ms: {'yes' if p95 < BUDGET_MS else 'NO'}")
    finally:
        if not args.keep:
            mine.delete()


if __name__ == "__main__":
    main()
