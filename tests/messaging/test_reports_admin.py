"""The coordinators' message reports queue: only the reported messages and their context,
residents refused, resolve (optionally blocking) and dismiss with a note."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import ModelLogEntry

from listings.models import ReportStatus
from listings.services import submit_listing
from messaging import services
from messaging.models import Block, MessageReport
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db
QUEUE = "/admin/messaging/reports/"


@pytest.fixture
def conversation(resident, other_resident):
    listing = ListingFactory(owner=other_resident)
    submit_listing(listing=listing, by=other_resident)
    return services.start_conversation(listing=listing, by=resident)


def chat(conversation, people, count, start=1):
    sent = []
    for n in range(start, start + count):
        sender = people[n % 2]
        sent.append(
            services.send_message(sender=sender, conversation_id=conversation.pk, body=f"msg-{n}")
        )
    return sent


def shown_bodies(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [li.div.get_text(strip=True) for li in section.select("[data-excerpt] li[data-seq]")]
        for section in soup.select("section[data-report]")
    ]


def test_a_message_report_shows_the_message_and_two_before_and_after_only(
    client, coordinator, conversation, resident, other_resident
):
    sent = chat(conversation, [resident, other_resident], 10)
    services.report(
        reporter=resident,
        conversation_id=conversation.pk,
        reason="scam",
        details="お金を要求された",
        message_id=sent[4].pk,
    )
    client.force_login(coordinator)

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert shown_bodies(response) == [["msg-3", "msg-4", "msg-5", "msg-6", "msg-7"]]
    soup = BeautifulSoup(response.content, "html.parser")
    assert [li["data-seq"] for li in soup.select("li[data-reported]")] == ["5"]
    assert "お金を要求された" in response.content.decode()
    for hidden in ("msg-1<", "msg-2<", "msg-8<", "msg-9<", "msg-10<"):
        assert hidden not in response.content.decode()


def test_a_conversation_report_shows_its_last_five_messages_with_context(
    client, coordinator, conversation, resident, other_resident
):
    chat(conversation, [resident, other_resident], 10)
    services.report(reporter=resident, conversation_id=conversation.pk, reason="harassment")
    chat(conversation, [resident, other_resident], 3, start=11)  # after the report
    client.force_login(coordinator)

    response = client.get(QUEUE)

    assert shown_bodies(response) == [[f"msg-{n}" for n in range(4, 13)]]
    soup = BeautifulSoup(response.content, "html.parser")
    assert [li["data-seq"] for li in soup.select("li[data-reported]")] == [
        "6",
        "7",
        "8",
        "9",
        "10",
    ]


def test_a_deleted_reported_message_stays_readable_for_staff(
    client, coordinator, conversation, resident, other_resident
):
    scam = services.send_message(
        sender=other_resident, conversation_id=conversation.pk, body="前払いで090-1234-5678へ"
    )
    services.report(
        reporter=resident, conversation_id=conversation.pk, reason="scam", message_id=scam.pk
    )
    services.delete_message(user=other_resident, message_id=scam.pk)
    client.force_login(coordinator)

    assert shown_bodies(client.get(QUEUE)) == [["前払いで090-1234-5678へ"]]


def test_open_reports_come_oldest_first_and_handled_ones_are_gone(
    client, coordinator, conversation, resident, other_resident
):
    first, second = chat(conversation, [resident, other_resident], 2)
    older = services.report(
        reporter=resident, conversation_id=conversation.pk, reason="spam", message_id=second.pk
    )
    newer = services.report(
        reporter=other_resident, conversation_id=conversation.pk, reason="spam", message_id=first.pk
    )
    handled = services.report(reporter=resident, conversation_id=conversation.pk, reason="other")
    MessageReport.objects.filter(pk=handled.pk).update(status=ReportStatus.DISMISSED)
    client.force_login(coordinator)

    soup = BeautifulSoup(client.get(QUEUE).content, "html.parser")

    assert [s["data-report"] for s in soup.select("section[data-report]")] == [
        str(older.pk),
        str(newer.pk),
    ]


def test_residents_are_refused(client, resident, conversation, other_resident):
    services.report(reporter=resident, conversation_id=conversation.pk, reason="spam")
    client.force_login(resident)

    response = client.get(QUEUE)
    post = client.post(QUEUE, {"report": 1, "decision": "dismiss", "note": "x"})

    assert response.status_code in (302, 403)
    assert b"msg-" not in response.content
    assert post.status_code in (302, 403)
    assert MessageReport.objects.get().status == ReportStatus.OPEN
    assert not ModelLogEntry.objects.filter(action="yui.conversation.staff_view").exists()


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_resolving_with_a_note_can_block_the_sender(
    client, coordinator, conversation, resident, other_resident
):
    scam = services.send_message(
        sender=other_resident, conversation_id=conversation.pk, body="先にお金を振り込んで"
    )
    report = services.report(
        reporter=resident, conversation_id=conversation.pk, reason="scam", message_id=scam.pk
    )
    client.force_login(coordinator)

    response = client.post(
        QUEUE,
        {"report": report.pk, "decision": "resolve", "note": "詐欺の疑い", "block_sender": "1"},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED
    assert (report.handled_by, report.resolution_note) == (coordinator, "詐欺の疑い")
    assert report.handled_at is not None
    assert Block.objects.filter(blocker=resident, blocked=other_resident).exists()
    entry = ModelLogEntry.objects.get(action="yui.conversation.report.resolve")
    assert (entry.user, entry.object_id) == (coordinator, str(conversation.pk))
    assert entry.data["blocked"] == other_resident.pk


def test_resolving_without_blocking_blocks_nobody(client, coordinator, conversation, resident):
    report = services.report(reporter=resident, conversation_id=conversation.pk, reason="spam")
    client.force_login(coordinator)

    client.post(QUEUE, {"report": report.pk, "decision": "resolve", "note": "注意しました"})

    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED
    assert not Block.objects.exists()


def test_dismissing_needs_a_note(client, coordinator, conversation, resident):
    report = services.report(reporter=resident, conversation_id=conversation.pk, reason="spam")
    client.force_login(coordinator)

    client.post(QUEUE, {"report": report.pk, "decision": "dismiss", "note": "  "})
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN

    client.post(QUEUE, {"report": report.pk, "decision": "dismiss", "note": "問題なし"})
    report.refresh_from_db()
    assert report.status == ReportStatus.DISMISSED
    assert report.resolution_note == "問題なし"
    assert ModelLogEntry.objects.filter(
        action="yui.conversation.report.dismiss", user=coordinator
    ).exists()
    soup = BeautifulSoup(client.get(QUEUE).content, "html.parser")
    assert not soup.select("section[data-report]")


def test_a_handled_report_cannot_be_handled_again(client, coordinator, conversation, resident):
    report = services.report(reporter=resident, conversation_id=conversation.pk, reason="spam")
    client.force_login(coordinator)
    client.post(QUEUE, {"report": report.pk, "decision": "dismiss", "note": "問題なし"})

    client.post(
        QUEUE, {"report": report.pk, "decision": "resolve", "note": "x", "block_sender": "1"}
    )

    report.refresh_from_db()
    assert report.status == ReportStatus.DISMISSED
    assert not Block.objects.exists()
