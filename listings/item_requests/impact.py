"""What the platform achieves, for the impact dashboard and the coordinators' admin home:
fulfilled exchanges of items and skills (``FulfilledExchange``), counted.

An exchange is counted once per item or skill listing closed as fulfilled, whether the owner
chose a requester through "I'd like this" or arranged it by message and closed it with "It
worked out" (see ``receivers``). Each is counted under the category and area the listing had
when it was fulfilled; by category, sub-categories roll up into their top-level category.
"""

import datetime
from dataclasses import dataclass
from typing import Literal

from django.db.models import Count
from django.utils.translation import gettext as _

from ..filters import CategoryTree
from ..models import Category, FulfilledExchange


@dataclass(frozen=True)
class ExchangeCount:
    """One row of the figures: ``key`` is a top-level category's slug or an area's name
    ("" for exchanges without one), ``label`` what to show for it."""

    key: str
    label: str
    count: int


def fulfilled_exchanges(*, since: datetime.datetime | None = None):
    exchanges = FulfilledExchange.objects.all()
    if since is not None:
        exchanges = exchanges.filter(fulfilled_at__gte=since)
    return exchanges


def total_fulfilled_exchanges(*, since: datetime.datetime | None = None) -> int:
    return fulfilled_exchanges(since=since).count()


def fulfilled_exchange_counts(
    *, by: Literal["category", "area"], since: datetime.datetime | None = None
) -> list[ExchangeCount]:
    """Fulfilled exchanges counted by top-level ``category`` or by ``area``, most first (then
    by label), optionally only those since ``since``. Two queries by category (the counts and
    the category tree), one by area."""
    exchanges = fulfilled_exchanges(since=since).order_by()
    if by == "area":
        rows = exchanges.values_list("area").annotate(count=Count("pk"))
        counts = [
            ExchangeCount(key=area, label=area or _("No area given"), count=count)
            for area, count in rows
        ]
    elif by == "category":
        rows = list(exchanges.values_list("category_id").annotate(count=Count("pk")))
        tree = CategoryTree()
        totals: dict[int | None, int] = {}
        for category_id, count in rows:
            top = tree.ancestor_ids(category_id)[-1] if category_id is not None else None
            totals[top] = totals.get(top, 0) + count
        categories = tree.by_id
        counts = []
        for top, count in totals.items():
            category: Category | None = categories.get(top)
            if category is None:
                counts.append(ExchangeCount(key="", label=_("No category"), count=count))
            else:
                counts.append(ExchangeCount(key=category.slug, label=category.name, count=count))
    else:
        raise ValueError(f"count exchanges by 'category' or 'area', not {by!r}")
    return sorted(counts, key=lambda row: (-row.count, row.label))
