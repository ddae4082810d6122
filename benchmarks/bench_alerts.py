"""The match alert run over 1,000 newly published listings, then the same run again.

Writes, in bulk and indexed: residents with open listings (requests and offers varied from the
demo listings, in every e-mail preference), saved searches of other residents, and then N new
published listings (default 1,000) by further residents. Then times
``send_match_alerts(listing_ids=<the new ones>)`` as the ``listings_published`` task runs it
(e-mails through the immediate tasks backend, into Django's in-memory outbox), prints the
alerts, notifications and e-mails, runs it again and prints that nothing new was sent.

Runs against the configured database (DATABASE_URL; `make bench` migrates it first). Its rows
(listing refs ``BENCH-ALERTS-``, users ``bench-alerts-…@example.invalid``) are removed
afterwards. Usage:

    .venv/bin/python benchmarks/bench_alerts.py [NEW_LISTINGS] [--open N] [--searches N]
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from bench_search import demo_templates  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import EmailFrequency, Notification, Profile, User  # noqa: E402
from listings.demo import AREAS  # noqa: E402
from listings.models import Listing  # noqa: E402
from listings.search.index import index_listings  # noqa: E402
from matching.alerts import send_match_alerts  # noqa: E402
from matching.models import MatchAlert, SavedSearch  # noqa: E402
from matching.saved_searches import canonical_query  # noqa: E402

REF_PREFIX = "BENCH-ALERTS-"
EMAIL_DOMAIN = "@example.invalid"
EMAIL_PREFIX = "bench-alerts-"
SEED = 5
FREQUENCIES = [EmailFrequency.IMMEDIATELY, EmailFrequency.DAILY, EmailFrequency.NEVER]
EXTRA_SENTENCES = [
    "週末でも大丈夫です。",
    "初めての方も歓迎します。",
    "お気軽にご連絡ください。",
    "Weekends are fine too.",
    "Có thể gặp vào cuối tuần.",
    "Pode ser aos sábados.",
    "",
]
SEARCHES = [
    {"q": "スマホ"},
    {"q": "野菜"},
    {"category": "childcare"},
    {"category": "goods-children", "free": "1"},
    {"q": "日本語", "direction": "offer"},
    {"area": "城東", "kind": "skill"},
    {"q": "English"},
    {"language": "vi"},
    {"category": "nature-farming", "direction": "offer"},
    {"q": "自転車"},
]


def create_residents(label: str, count: int, rng: random.Random) -> list[User]:
    users = User.objects.bulk_create(
        [User(email=f"{EMAIL_PREFIX}{label}{n}{EMAIL_DOMAIN}") for n in range(count)]
    )
    Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                display_name=f"{label}{n}",
                email_on_match=rng.choice(FREQUENCIES),
                language=rng.choice(["ja", "en"]),
            )
            for n, user in enumerate(users)
        ],
        ignore_conflicts=True,  # a post_save receiver may already have made them
    )
    return users


def create_listings(label: str, count: int, owners: list[User], rng, *, minutes_ago: int):
    samples = list(demo_templates())
    areas = list(AREAS.items())
    now = timezone.now()
    batch = []
    for number in range(count):
        template = dict(rng.choice(samples))
        area, (lat, lon) = rng.choice(areas)
        template["description"] = " ".join(
            filter(None, [template["description"], *rng.sample(EXTRA_SENTENCES, 2)])
        )
        batch.append(
            Listing(
                ref=f"{REF_PREFIX}{label}{number}",
                owner=owners[number % len(owners)],
                area=area,
                latitude=lat + rng.uniform(-0.01, 0.01),
                longitude=lon + rng.uniform(-0.01, 0.01),
                spoken_languages=[template["language"]],
                status="published",
                published_at=now - datetime.timedelta(minutes=minutes_ago + number),
                expires_at=now + datetime.timedelta(days=60),
                **template,
            )
        )
    with transaction.atomic():
        created = Listing.objects.bulk_create(batch)
        index_listings(created, readings=False)  # also writes their matching terms
    return created


def cleanup() -> None:
    Listing.objects.filter(ref__startswith=REF_PREFIX).delete()
    User.objects.filter(email__startswith=EMAIL_PREFIX, email__endswith=EMAIL_DOMAIN).delete()


def timed_run(listing_ids: list[int]) -> tuple[float, float, object, int]:
    """(seconds for the run, seconds for the e-mails sent at once after its commit, what it
    did, e-mails sent). The outer transaction holds the run's on-commit work (the e-mail task,
    run at once by the immediate backend) until the run is timed."""
    mail.outbox = []
    start = time.perf_counter()
    with transaction.atomic():
        run = send_match_alerts(listing_ids=listing_ids)
        ran = time.perf_counter()
    emailed = time.perf_counter()
    return ran - start, emailed - ran, run, len(mail.outbox)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("new", nargs="?", type=int, default=1_000)
    parser.add_argument("--open", type=int, default=2_000, help="open listings already there")
    parser.add_argument("--searches", type=int, default=200, help="saved searches")
    args = parser.parse_args()
    rng = random.Random(SEED)  # noqa: S311 -- repeatable test data

    cleanup()
    try:
        print(f"alert benchmark: {connection.vendor}")
        start = time.perf_counter()
        waiting = create_residents("open", max(1, args.open // 4), rng)
        create_listings("open", args.open, waiting, rng, minutes_ago=10_000)
        searchers = create_residents("search", max(1, args.searches // 4), rng)
        SavedSearch.objects.bulk_create(
            [
                SavedSearch(
                    user=searchers[n % len(searchers)],
                    query_string=canonical_query(
                        {**SEARCHES[n % len(SEARCHES)], "area": rng.choice(list(AREAS))}
                        if n >= len(SEARCHES)
                        else SEARCHES[n]
                    ),
                )
                for n in range(args.searches)
            ],
            ignore_conflicts=True,
        )
        posters = create_residents("new", max(1, args.new // 5), rng)
        new = create_listings("new", args.new, posters, rng, minutes_ago=0)
        new_ids = [listing.pk for listing in new]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"  setup: {args.open:,} open listings, {SavedSearch.objects.count():,} saved "
            f"searches, {args.new:,} new listings ({time.perf_counter() - start:.1f} s)"
        )

        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            first_time, first_mail_time, first, first_mails = timed_run(new_ids)
            notifications = Notification.objects.filter(listing_id__in=new_ids).count()
            print(
                f"  first run:  {first_time:6.2f} s for {len(new_ids):,} new listings: "
                f"{first.alerts:,} alerts, {notifications:,} notifications; then "
                f"{first_mails:,} e-mails sent at once in {first_mail_time:.2f} s "
                f"({first.emails_queued:,} queued)"
            )
            second_time, _mail_time, second, second_mails = timed_run(new_ids)
            print(
                f"  second run: {second_time:6.2f} s: {second.alerts:,} alerts, "
                f"{second_mails:,} e-mails (nothing new: "
                f"{'yes' if second.alerts == second_mails == 0 else 'NO'})"
            )
        alerts = MatchAlert.objects.filter(listing_id__in=new_ids)
        by_kind = {
            "for a listing": alerts.filter(for_listing__isnull=False).count(),
            "for a saved search": alerts.filter(saved_search__isnull=False).count(),
        }
        print(f"  alerts: {by_kind}")
        ok = second.alerts == 0 and second_mails == 0
        return 0 if ok else 1
    finally:
        cleanup()


if __name__ == "__main__":
    if not (settings.DEBUG or os.environ.get("BENCH_ALLOW_PRODUCTION")):
        raise SystemExit("Run with DJANGO_DEBUG=1: the benchmark writes and deletes rows.")
    sys.exit(main())
