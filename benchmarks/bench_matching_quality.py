"""Matching quality: hit@3 and MRR (over the top ten) for request → offer on the labelled set
in ``tests/matching/labelled_set.py`` (issue 5), for the matching engine and two baselines
computed here over the same listings:

- "category and kind only": offers of the request's category first, then those of a kind that
  answers it, newest first;
- "TF-IDF over character bigrams + category + kind": the cosine of TF-IDF vectors of character
  bigrams of title, description and tags, plus 0.3 for the same category and 0.2 for the same
  kind, in plain Python.

Prints one row per method with the pairs it fails (right offer not in the top three; its rank
in brackets, "-" when not in the top ten). Runs against the configured database (DATABASE_URL;
`make bench` migrates it first) inside a transaction that it rolls back, so the database is left
as it was; the engine also sees the other listings there, the baselines only the labelled ones.
Usage: DJANGO_DEBUG=1 .venv/bin/python benchmarks/bench_matching_quality.py
"""

import math
import os
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import DatabaseError, connection, transaction  # noqa: E402

from listings.models import Category, Listing  # noqa: E402
from tests.matching.labelled_set import (  # noqa: E402
    ANSWERING_KINDS,
    LISTINGS,
    PAIRS,
    PairRank,
    Ranker,
    create_labelled_listings,
    evaluate,
    rank_with_engine,
)


def _candidates(request: Listing, listings: dict[str, Listing]) -> list[Listing]:
    """The labelled offers another resident made."""
    return [
        offer
        for offer in listings.values()
        if offer.direction == "offer" and offer.owner_id != request.owner_id
    ]


def category_and_kind_ranker(listings: dict[str, Listing]) -> Ranker:
    def rank(request: Listing, limit: int) -> list[Listing]:
        def key(offer: Listing):
            return (
                offer.category_id == request.category_id,
                offer.kind in ANSWERING_KINDS[request.kind],
                offer.published_at,
            )

        return sorted(_candidates(request, listings), key=key, reverse=True)[:limit]

    return rank


def _bigrams(listing: Listing) -> Counter:
    text = " ".join([listing.title, listing.description, *listing.tags])
    text = unicodedata.normalize("NFKC", text).lower()
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def tfidf_ranker(listings: dict[str, Listing]) -> Ranker:
    counts = {listing.pk: _bigrams(listing) for listing in listings.values()}
    document_frequency = Counter(bigram for bag in counts.values() for bigram in bag)
    documents = len(counts)
    idf = {
        bigram: math.log((1 + documents) / (1 + frequency)) + 1
        for bigram, frequency in document_frequency.items()
    }
    vectors = {}
    for pk, bag in counts.items():
        weights = {bigram: count * idf[bigram] for bigram, count in bag.items()}
        norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        vectors[pk] = {bigram: weight / norm for bigram, weight in weights.items()}

    def rank(request: Listing, limit: int) -> list[Listing]:
        asked = vectors[request.pk]

        def score(offer: Listing) -> tuple[float, object]:
            given = vectors[offer.pk]
            cosine = sum(weight * given.get(bigram, 0.0) for bigram, weight in asked.items())
            bonus = 0.3 * (offer.category_id == request.category_id)
            bonus += 0.2 * (offer.kind == request.kind)
            return cosine + bonus, offer.published_at

        return sorted(_candidates(request, listings), key=score, reverse=True)[:limit]

    return rank


def _failures(ranks: dict[str, PairRank]) -> str:
    failed = [
        f"{request} ({result.rank or '-'})"
        for request, result in ranks.items()
        if result.rank is None or result.rank > 3
    ]
    return ", ".join(failed) or "none"


def main() -> int:
    try:
        Category.objects.exists()
    except DatabaseError as error:
        print(f"The database is not ready ({error}); run `make bench`, which migrates it first.")
        return 1
    rows = []
    with transaction.atomic():
        listings = create_labelled_listings()
        methods: list[tuple[str, Ranker | None]] = [
            ("category and kind only", category_and_kind_ranker(listings)),
            ("TF-IDF char bigrams + category + kind", tfidf_ranker(listings)),
        ]
        try:
            import matching.suggestions  # noqa: F401
        except ImportError:
            methods.append(("engine (matching.suggestions)", None))
        else:
            methods.append(("engine (matching.suggestions)", rank_with_engine))
        for name, ranker in methods:
            if ranker is None:
                rows.append((name, None, None, "not written yet"))
                continue
            hit_at_3, mrr, ranks = evaluate(listings, ranker)
            rows.append((name, hit_at_3, mrr, _failures(ranks)))
        transaction.set_rollback(True)

    offers = sum(1 for data in LISTINGS.values() if data["direction"] == "offer")
    print(
        f"matching quality on {connection.vendor}: {len(PAIRS)} requests, {offers} offers "
        f"({len(LISTINGS)} listings); fails = right offer not in the top 3 (its rank)"
    )
    width = max(len(name) for name, *_ in rows)
    print(f"{'method':<{width}}  hit@3   MRR    fails")
    for name, hit_at_3, mrr, failures in rows:
        figures = "  -      -    " if hit_at_3 is None else f"{hit_at_3:.3f}  {mrr:.3f}"
        print(f"{name:<{width}}  {figures}  {failures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
