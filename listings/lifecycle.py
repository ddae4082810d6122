"""Signals for apps that keep their own data about listings (matching's term index, alerts).

Both are sent inside the transaction that makes the change, with ``listing_ids``; a receiver
that does slow work queues it with ``transaction.on_commit``.

- ``listings_changed``: the search documents of these listings were written, or their status or
  visibility changed; whatever is derived from a listing's text or visibility is stale.
- ``listings_published``: these listings became visible to everyone (published by their owner,
  approved by a coordinator, renewed, or created by an import).
"""

from django.dispatch import Signal

listings_changed = Signal()
listings_published = Signal()
