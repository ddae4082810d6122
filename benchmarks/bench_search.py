"""Keyword search against an indexed ``ref`` lookup, through the JSON API, in one run.

Writes N published listings (default 100,000 on PostgreSQL, 10,000 on SQLite) varied from the
demo listings (Japanese, English, Vietnamese, Portuguese, Chinese, Tagalog), then measures with
Django's test client, in this process, interleaved round by round:

- ``GET /api/v1/listings/?q=…`` over a mix of Japanese and Latin queries (1–2 character ones
  included), 20 results a page, relevance order (a query matching very many listings ranks
  the newest matches only, ``listings.search.window``: the table shows how many it ranked);
- ``GET /api/v1/listings/?ref=…`` of a random one of them (a unique index);
- the HTML search page ``GET /ja/listings/?q=…`` (with its facet counts).

and prints p50/p95 of each and whether "search p95 ≤ 2 × ref p95" (DESIGN.md) holds.

Runs against the configured database (DATABASE_URL; `make bench` migrates it first). Its rows
have refs starting ``BENCH-SEARCH-`` and are removed afterwards; other listings in that
database stay and are searched too. Usage:

    .venv/bin/python benchmarks/bench_search.py [LISTINGS] [--rounds N] [--keep]

``--keep`` leaves the rows for a later run (which reuses them if the count matches) or for
EXPLAIN ANALYZE; ``BENCH_SEARCH_LISTINGS`` sets the count too.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from listings.demo import AREAS, DEMO_LISTINGS  # noqa: E402
from listings.models import Category, Listing  # noqa: E402
from listings.search import warm_up  # noqa: E402
from listings.search.index import index_listings  # noqa: E402

REF_PREFIX = "BENCH-SEARCH-"
BATCH = 2_000
SEED = 4

# What residents type: Japanese words of 1–6 characters, half-width katakana, hiragana for
# katakana words, a synonym, and Latin words with and without diacritics, one misspelt.
QUERIES = [
    "スマホ",
    "ﾊﾟｿｺﾝ",
    "ぱそこん",
    "野菜",
    "畑",
    "犬",
    "介護",
    "子ども",
    "日本語教室",
    "教室",
    "料理",
    "自転車",
    "スマホ 教室",
    "english",
    "bicycle",
    "portugues",
    "tieng viet",
    "cafe",
    "japanse",
    "LINE",
]

# Sentences added to the demo descriptions, so that listings differ and words co-occur by chance.
EXTRA_SENTENCES = [
    "週末でも大丈夫です。",
    "初めての方も歓迎します。",
    "駐車場があります。",
    "お気軽にご連絡ください。",
    "ご家族でもどうぞ。",
    "道具はこちらで用意します。",
    "雨の日は中止します。",
    "Weekends are fine too.",
    "Beginners are welcome.",
    "Please bring something to drink.",
    "Có thể gặp vào cuối tuần.",
    "Pode ser aos sábados.",
    "欢迎初学者。",
    "Pwede sa Sabado.",
    "",
    "",
]


def demo_templates():
    categories = {c.slug: c for c in Category.objects.all()}
    fallback = categories.get("goods-other") or next(iter(categories.values()))
    for (
        _ref,
        _owner,
        kind,
        direction,
        slug,
        _area,
        language,
        title,
        desc,
        tags,
        extra,
    ) in DEMO_LISTINGS:
        yield {
            "kind": kind,
            "direction": direction,
            "category": categories.get(slug, fallback),
            "language": language,
            "title": title,
            "description": desc,
            "tags": tags,
            **extra,
        }


def create_listings(count: int) -> None:
    """``count`` published listings from the demo texts, written in bulk and indexed."""
    rng = random.Random(SEED)  # noqa: S311 -- repeatable test data
    templates = list(demo_templates())
    areas = list(AREAS.items())
    now = timezone.now()
    start = time.perf_counter()
    for offset in range(0, count, BATCH):
        batch = []
        for number in range(offset, min(offset + BATCH, count)):
            template = dict(rng.choice(templates))
            area, (lat, lon) = rng.choice(areas)
            located = rng.random() < 0.7
            template["description"] = " ".join(
                filter(None, [template["description"], *rng.sample(EXTRA_SENTENCES, 2)])
            )
            batch.append(
                Listing(
                    ref=f"{REF_PREFIX}{number}",
                    area=area,
                    latitude=lat + rng.uniform(-0.01, 0.01) if located else None,
                    longitude=lon + rng.uniform(-0.01, 0.01) if located else None,
                    spoken_languages=[template["language"]],
                    status="published",
                    published_at=now - datetime.timedelta(minutes=number),
                    expires_at=now + datetime.timedelta(days=60),
                    **template,
                )
            )
        with transaction.atomic():
            created = Listing.objects.bulk_create(batch)
            index_listings(created, readings=False)
        done = offset + len(batch)
        rate = done / (time.perf_counter() - start)
        print(f"\r  writing listings: {done:,}/{count:,} ({rate:,.0f}/s)", end="", flush=True)
    print()


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(client: Client, path: str, params: dict) -> float:
    start = time.perf_counter()
    response = client.get(path, params)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{path} {params}: HTTP {response.status_code}")
    reset_queries()  # DEBUG keeps every query in memory otherwise
    return elapsed * 1000


def measure(count: int, rounds: int) -> tuple[dict, dict]:
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "")
    rng = random.Random(SEED + 1)  # noqa: S311
    refs = [f"{REF_PREFIX}{rng.randrange(count)}" for _ in range(rounds * len(QUERIES))]
    samples = {"search": [], "ref": [], "html": []}
    per_query = {query: [] for query in QUERIES}
    for query in QUERIES:  # warm up: caches, synonyms, the typo vocabulary, the plans
        timed(client, "/api/v1/listings/", {"q": query})
        timed(client, "/ja/listings/", {"q": query})
    timed(client, "/api/v1/listings/", {"ref": refs[0]})
    for round_number in range(rounds):
        for i, query in enumerate(QUERIES):
            elapsed = timed(client, "/api/v1/listings/", {"q": query})
            samples["search"].append(elapsed)
            per_query[query].append(elapsed)
            samples["ref"].append(
                timed(client, "/api/v1/listings/", {"ref": refs[round_number * len(QUERIES) + i]})
            )
            if round_number < max(2, rounds // 3):
                samples["html"].append(timed(client, "/ja/listings/", {"q": query}))
    return samples, per_query


def report(count: int, samples: dict, per_query: dict) -> bool:
    counts, ranked = {}, {}
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "")
    for query in QUERIES:
        counts[query] = Listing.objects.published().search(query).count()
        answer = client.get("/api/v1/listings/", {"q": query}).json()
        ranked[query] = f"{answer['count']:,}{' (partial)' if answer['partial'] else ''}"
    print()
    print(f"search benchmark: {connection.vendor}, {Listing.objects.count():,} listings")
    print(f"  {'request':<46} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    rows = [
        ("keyword search   GET /api/v1/listings/?q=", "search"),
        ("ref lookup       GET /api/v1/listings/?ref=", "ref"),
        ("search page      GET /ja/listings/?q= (facets)", "html"),
    ]
    for label, key in rows:
        values = samples[key]
        print(
            f"  {label:<46} {len(values):>5} {statistics.median(values):>9.1f}"
            f" {percentile(values, 0.95):>9.1f} {max(values):>9.1f}"
        )
    print()
    print(f"  {'query':<16} {'matching':>8} {'ranked (API count)':>20} {'p50 ms':>9} {'max ms':>9}")
    for query in QUERIES:
        values = per_query[query]
        print(
            f"  {query:<16} {counts[query]:>8,} {ranked[query]:>20} "
            f"{statistics.median(values):>9.1f} {max(values):>9.1f}"
        )
    search_p95, ref_p95 = percentile(samples["search"], 0.95), percentile(samples["ref"], 0.95)
    holds = search_p95 <= 2 * ref_p95
    print()
    print(
        f"  search p95 {search_p95:.1f} ms ≤ 2 × ref p95 ({2 * ref_p95:.1f} ms): "
        f"{'yes' if holds else 'NO'} (ratio {search_p95 / ref_p95:.2f})"
    )
    return holds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("listings", nargs="?", type=int)
    parser.add_argument("--rounds", type=int, default=10)
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
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would: statistics, GIN pending list
    try:
        samples, per_query = measure(count, args.rounds)
        report(count, samples, per_query)
    finally:
        if not args.keep:
            mine.delete()


if __name__ == "__main__":
    main()
