"""Members writing at the same moment, each from its own thread and database connection, as
the socket's worker threads do: every message gets its own seq, 1, 2, 3 … with no gap, and each
sender has read up to their own last message. On PostgreSQL a message is counted, inserted and
read by its sender in one statement (``Message.insert_counted``)."""

import threading

import pytest
from django.db import connection, connections

from messaging import services
from messaging.models import Membership, Message
from tests.conftest import skip_or_fail
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SENDERS = 8
EACH = 5


def test_concurrent_senders_get_successive_seqs_and_read_their_own():
    if connection.vendor != "postgresql":
        skip_or_fail("real concurrency needs PostgreSQL (SQLite's test database is in memory)")
    members = [UserFactory() for _ in range(SENDERS)]
    group = services.create_group(by=CoordinatorFactory(), title="同時に書く", members=members)
    barrier = threading.Barrier(SENDERS)
    failures = []

    def write(member):
        try:
            barrier.wait(timeout=30)
            for number in range(EACH):
                services.send_message(
                    sender=member, conversation_id=group.pk, body=f"{member.pk}-{number}"
                )
        except Exception as error:  # reported by the assertion below
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    total = SENDERS * EACH
    seqs = sorted(Message.objects.filter(conversation=group).values_list("seq", flat=True))
    assert seqs == list(range(1, total + 1))
    group.refresh_from_db()
    assert group.last_seq == total
    last = Message.objects.filter(conversation=group).order_by("-seq").first()
    assert group.last_message_at == last.created_at
    for member in members:
        own_last = (
            Message.objects.filter(conversation=group, sender=member).order_by("-seq").first()
        )
        membership = Membership.objects.get(conversation=group, user=member)
        # Sending reads the conversation: up to one's own last message, at least.
        assert membership.last_read_seq == own_last.seq
        numbers = list(
            Message.objects.filter(conversation=group, sender=member)
            .order_by("seq")
            .values_list("body", flat=True)
        )
        assert numbers == [f"{member.pk}-{n}" for n in range(EACH)]  # each sender's own order
