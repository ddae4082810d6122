"""Match alerts: telling residents that a newly published listing may answer one of theirs, or
matches a search they saved.

``send_match_alerts`` is the alert run, queued after commit whenever listings are published
(``matching.signals``). For each new listing L, the residents told are

- the owners of L's best matches on the other side (``suggestions_for_listing(L, limit=20)``
  scoring at least ``ALERT_MIN_SCORE``): people whose open listing L answers. For a proxy
  resident's listing, their contact coordinator; a listing with neither alerts nobody;
- the residents with a saved search that L matches;

never L's own owner (or, for a proxy resident's listing, its contact coordinator), nobody who
blocked L's owner or was blocked by them, and only active accounts. Each (resident, listing)
pair is alerted once, ever (``MatchAlert``'s unique constraint, checked under a lock on the
listings): an in-app notification for each new alert, and an e-mail at once, in the daily
digest or never, as the resident chose.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import override

from accounts.models import EmailFrequency, NotificationKind, ProxyResident
from accounts.notifications import build_notification, notify_many
from listings.filters import CategoryTree
from listings.models import Listing
from messaging.models import Block

from .candidates import TermFrequencies
from .emails import alert_email, digest_email, recipient_language
from .models import MatchAlert, SavedSearch
from .saved_searches import describe_search, saved_searches_matching
from .suggestions import suggestions_for_listing

logger = logging.getLogger(__name__)

ALERT_MIN_SCORE = 0.45
MATCHES_PER_LISTING = 20
BATCH_SIZE = 500
# A listing that caused alerts this recently is not run again (published, then renewed at
# once; a task retried). Scores move a little with time (freshness), so a second run could
# otherwise swap a match in at the 20th place and alert one more resident.
RERUN_AFTER = datetime.timedelta(days=1)


@dataclass
class AlertRun:
    """What an alert run did: alerts created (one in-app notification each) and e-mails
    queued to go out at once."""

    alerts: int = 0
    emails_queued: int = 0

    def __iadd__(self, other: "AlertRun") -> "AlertRun":
        self.alerts += other.alerts
        self.emails_queued += other.emails_queued
        return self


@dataclass
class _Candidate:
    recipient_id: int
    listing_id: int
    for_listing_id: int | None = None
    saved_search: SavedSearch | None = None
    score: float = 0.0


def queue_match_alerts(listing_ids: Iterable[int]) -> None:
    """Queue the alert run for these listings once the current transaction commits (at once
    with the immediate backend of development and tests), in batches."""
    from .tasks import run_match_alerts

    ids = sorted(set(listing_ids))
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        transaction.on_commit(lambda batch=batch: run_match_alerts.enqueue(listing_ids=batch))


def send_match_alerts(*, listing_ids: Iterable[int]) -> AlertRun:
    """Alert the residents concerned by these newly published listings (those still public),
    once per resident and listing; running it again over the same listings does nothing."""
    ids = sorted(set(listing_ids))
    run = AlertRun()
    categories = CategoryTree()
    for start in range(0, len(ids), BATCH_SIZE):
        run += _alert_batch(ids[start : start + BATCH_SIZE], categories)
    return run


def _alert_batch(listing_ids: list[int], categories: CategoryTree) -> AlertRun:
    recently_run = MatchAlert.objects.filter(
        listing_id__in=listing_ids, created_at__gte=timezone.now() - RERUN_AFTER
    ).values("listing_id")
    listings = list(
        Listing.objects.published()
        .filter(pk__in=listing_ids)
        .exclude(pk__in=recently_run)
        .select_related("search_document", "proxy_owner")
        .order_by("pk")
    )
    if not listings:
        return AlertRun()
    candidates = _matching_listing_owners(listings) + _saved_search_owners(listings, categories)
    # L's own contact is never alerted about L.
    own = {listing.pk: _contact_id(listing) for listing in listings}
    candidates = [c for c in candidates if c.recipient_id != own[c.listing_id]]
    # Nor anyone who blocked L's owner or whom L's owner blocked.
    blocked = set(
        Block.objects.filter(
            Q(blocker_id__in=own.values(), blocked_id__in={c.recipient_id for c in candidates})
            | Q(blocked_id__in=own.values(), blocker_id__in={c.recipient_id for c in candidates})
        ).values_list("blocker_id", "blocked_id")
    )
    candidates = [
        c
        for c in candidates
        if (c.recipient_id, own[c.listing_id]) not in blocked
        and (own[c.listing_id], c.recipient_id) not in blocked
    ]
    chosen = _one_per_pair(candidates)
    if not chosen:
        return AlertRun()
    users = {
        user.pk: user
        for user in get_user_model()
        .objects.filter(pk__in={c.recipient_id for c in chosen.values()}, is_active=True)
        .select_related("profile")
    }
    chosen = {pair: c for pair, c in chosen.items() if pair[0] in users}
    return _record(listings, chosen, users, categories)


def _contact_id(listing: Listing) -> int | None:
    """Who answers for a listing: its owner, or its proxy resident's contact coordinator."""
    if listing.owner_id:
        return listing.owner_id
    if listing.proxy_owner_id and listing.proxy_owner is not None:
        return listing.proxy_owner.coordinator_id
    return None


def _matching_listing_owners(listings: list[Listing]) -> list[_Candidate]:
    found: list[tuple[Listing, Listing, float]] = []
    frequencies = TermFrequencies()  # the batch's listings share most of their terms
    for listing in listings:
        matches = suggestions_for_listing(
            listing, limit=MATCHES_PER_LISTING, explain=False, frequencies=frequencies
        )
        for suggestion in matches:
            if suggestion.score >= ALERT_MIN_SCORE:
                found.append((listing, suggestion.listing, suggestion.score))
    proxy_ids = {match.proxy_owner_id for _l, match, _s in found if not match.owner_id}
    coordinators = dict(
        ProxyResident.objects.filter(pk__in=proxy_ids - {None}).values_list("pk", "coordinator_id")
    )
    candidates = []
    for listing, match, match_score in found:
        recipient_id = match.owner_id or coordinators.get(match.proxy_owner_id)
        if recipient_id:
            candidates.append(
                _Candidate(recipient_id, listing.pk, for_listing_id=match.pk, score=match_score)
            )
    return candidates


def _saved_search_owners(listings: list[Listing], categories: CategoryTree) -> list[_Candidate]:
    matches = saved_searches_matching([listing.pk for listing in listings], categories=categories)
    return [
        _Candidate(saved.user_id, listing_id, saved_search=saved)
        for listing_id, saved_searches in matches.items()
        for saved in saved_searches
    ]


def _one_per_pair(candidates: list[_Candidate]) -> dict[tuple[int, int], _Candidate]:
    """One candidate per (recipient, listing): a match with one of their listings (the best
    scoring) before a saved search (the oldest)."""
    chosen: dict[tuple[int, int], _Candidate] = {}
    for candidate in candidates:
        pair = (candidate.recipient_id, candidate.listing_id)
        current = chosen.get(pair)
        if current is None or _rank(candidate) > _rank(current):
            chosen[pair] = candidate
    return chosen


def _rank(candidate: _Candidate) -> tuple:
    return (
        candidate.for_listing_id is not None,
        candidate.score,
        -(candidate.saved_search.pk if candidate.saved_search else 0),
    )


def _record(listings, chosen, users, categories) -> AlertRun:
    """Write the alerts not written before, their notifications, and queue the e-mails."""
    from .tasks import send_match_alert_emails

    listing_ids = [listing.pk for listing in listings]
    with transaction.atomic():
        # Two runs over the same listing (published, then renewed at once) wait for each
        # other here, so that the check below cannot miss the other run's alerts.
        list(Listing.objects.filter(pk__in=listing_ids).select_for_update().order_by("pk"))
        existing = set(
            MatchAlert.objects.filter(
                listing_id__in=listing_ids, recipient_id__in={r for r, _l in chosen}
            ).values_list("recipient_id", "listing_id")
        )
        new = [
            MatchAlert(
                recipient_id=candidate.recipient_id,
                listing_id=candidate.listing_id,
                for_listing_id=candidate.for_listing_id,
                saved_search=candidate.saved_search,
                score=candidate.score,
            )
            for pair, candidate in sorted(chosen.items())
            if pair not in existing
        ]
        if not new:
            return AlertRun()
        alerts = MatchAlert.objects.bulk_create(new, batch_size=500)
        if any(alert.pk is None for alert in alerts):  # a database that cannot return ids
            alerts = _refetch(alerts)
        notify_many(_notification(alert, users[alert.recipient_id], categories) for alert in alerts)
        immediate = [
            alert.pk
            for alert in alerts
            if users[alert.recipient_id].profile.email_on_match == EmailFrequency.IMMEDIATELY
        ]
        if immediate:
            transaction.on_commit(lambda: send_match_alert_emails.enqueue(alert_ids=immediate))
    return AlertRun(alerts=len(alerts), emails_queued=len(immediate))


def _refetch(alerts: list[MatchAlert]) -> list[MatchAlert]:
    pairs = {(a.recipient_id, a.listing_id) for a in alerts}
    stored = MatchAlert.objects.filter(
        listing_id__in={listing for _r, listing in pairs},
        recipient_id__in={recipient for recipient, _l in pairs},
    )
    return [alert for alert in stored if (alert.recipient_id, alert.listing_id) in pairs]


def _notification(alert: MatchAlert, user, categories: CategoryTree):
    if alert.for_listing_id is not None:
        return build_notification(
            recipient=alert.recipient_id,
            kind=NotificationKind.MATCH,
            listing=alert.listing_id,
            about_listing=alert.for_listing_id,
        )
    # The search's label is written in the recipient's language, as the notification is.
    with override(recipient_language(user)):
        label = describe_search(alert.saved_search.query_string, categories=categories)
    return build_notification(
        recipient=alert.recipient_id,
        kind=NotificationKind.SAVED_SEARCH,
        listing=alert.listing_id,
        data={"search": label},
    )


EMAIL_CHUNK = 200


def email_alerts_now(*, alert_ids: Iterable[int]) -> int:
    """Send one e-mail per alert, to residents who still want them straight away, about
    listings still public; each alert is e-mailed once (``emailed_at``). Returns how many
    were sent."""
    ids = sorted(set(alert_ids))
    sent = 0
    for start in range(0, len(ids), EMAIL_CHUNK):
        sent += _email_chunk(ids[start : start + EMAIL_CHUNK])
    return sent


def _email_chunk(alert_ids: list[int]) -> int:
    with transaction.atomic():
        # Claimed (locked, then marked) before sending, so that a digest or a second task
        # running at the same moment skips them; one UPDATE for the whole chunk.
        alerts = list(
            MatchAlert.objects.filter(
                pk__in=alert_ids,
                emailed_at__isnull=True,
                recipient__is_active=True,
                recipient__profile__email_on_match=EmailFrequency.IMMEDIATELY,
                listing_id__in=Listing.objects.published().values("pk"),
            )
            .select_for_update(of=("self",))
            .select_related(
                "recipient__profile", "listing", "for_listing__proxy_owner", "saved_search"
            )
            .order_by("pk")
        )
        MatchAlert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(
            emailed_at=timezone.now()
        )
    failed = []
    categories = CategoryTree() if any(alert.saved_search_id for alert in alerts) else None
    with get_connection() as connection:
        for alert in alerts:
            try:
                connection.send_messages([alert_email(alert, categories=categories)])
            except Exception:
                failed.append(alert.pk)
                logger.exception("Could not e-mail match alert %s", alert.pk)
    if failed:  # left for another try: not e-mailed
        MatchAlert.objects.filter(pk__in=failed).update(emailed_at=None)
    return len(alerts) - len(failed)


DIGEST_MAX_LISTINGS = 30


def send_match_digests() -> int:
    """The daily digest: queue one e-mail (``tasks.send_match_digest``) per resident who chose
    "once a day" and has alerts about still-public listings not yet e-mailed; returns how
    many were queued. Running it again sends nothing new (``send_match_digest_to``)."""
    from .tasks import send_match_digest

    recipient_ids = list(
        _pending_alerts()
        .filter(
            recipient__is_active=True,
            recipient__profile__email_on_match=EmailFrequency.DAILY,
        )
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for recipient_id in recipient_ids:
        send_match_digest.enqueue(recipient_id=recipient_id)
    return len(recipient_ids)


def send_match_digest_to(recipient_id: int) -> bool:
    """E-mail one resident's digest: their pending alerts (at most ``DIGEST_MAX_LISTINGS``
    shown, the rest counted), each then marked e-mailed. Returns whether one was sent."""
    user = (
        get_user_model()
        .objects.select_related("profile")
        .filter(pk=recipient_id, is_active=True)
        .first()
    )
    if user is None or user.profile.email_on_match != EmailFrequency.DAILY:
        return False
    with transaction.atomic():
        # Locked, so that two digests running at once cannot both send these.
        alerts = list(
            _pending_alerts()
            .filter(recipient_id=recipient_id)
            .select_for_update(of=("self",))
            .select_related("listing", "for_listing__proxy_owner", "saved_search")
            .order_by("created_at", "pk")
        )
        if not alerts:
            return False
        MatchAlert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(
            emailed_at=timezone.now()
        )
        # Sent inside the transaction: if it fails, the alerts stay pending for next time.
        digest_email(user, alerts[:DIGEST_MAX_LISTINGS], total=len(alerts)).send()
    return True


def _pending_alerts():
    public = Listing.objects.published().values("pk")
    return MatchAlert.objects.filter(emailed_at__isnull=True, listing_id__in=public)
