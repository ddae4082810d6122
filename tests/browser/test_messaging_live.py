"""Real-time messaging in the browser, over the real ASGI server (Daphne in a second process):
messages arriving without a reload, 送信済み then 既読, "typing", the header's unread count, a
lost connection caught up without duplicates, and a message over the rate limit kept for later.
Each ``asgi_browser(user)`` is another resident's browser."""

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from playwright.sync_api import expect

from listings.services import submit_listing
from messaging.models import Message
from messaging.services import MESSAGES_PER_MINUTE, send_message, start_conversation
from tests.factories import ListingFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MESSAGE_BOX = "[data-message-form] textarea[name=body]"


def _in_another_thread(function, /, **kwargs):
    """Call a service as another process would, and return its result. While a browser is
    open, Playwright's event loop runs in the test's thread, where the service's after-commit
    events could not be sent (``async_to_sync`` refuses a thread with a running loop): the
    message would be saved but never pushed to the pages."""

    def call():
        try:
            return function(**kwargs)
        finally:
            connections.close_all()  # this thread's connection, before the database is flushed

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def _conversation_about_a_listing():
    """はなこ asks Minh about his listing: (hanako, minh, conversation)."""
    hanako = UserFactory(profile__display_name="はなこ", profile__language="ja")
    minh = UserFactory(profile__display_name="Minh", profile__language="ja")
    listing = ListingFactory(owner=minh, title="スマホの使い方を教えます")
    submit_listing(listing=listing, by=minh)
    return hanako, minh, start_conversation(listing=listing, by=hanako)


def _open(page, address):
    page.goto(address)
    expect(page.locator("html")).to_have_attribute("data-messaging-socket", "open")


def _pump_until(page, condition, timeout=10.0):
    """Wait for ``condition()``, about state that only Python sees (so ``expect`` cannot wait
    for it), letting Playwright's loop deliver events meanwhile."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for a condition"
        page.wait_for_timeout(20)


def test_a_message_arrives_live_and_the_sender_sees_it_read(asgi_browser):
    """Two residents, two browsers: one sends, the other sees it without reloading and replies,
    and the first sees the reply and "read" (既読)."""
    hanako, minh, conversation = _conversation_about_a_listing()
    address = f"/ja/messages/{conversation.pk}/"

    asker = asgi_browser(hanako)
    teacher = asgi_browser(minh)
    asker.goto(address)
    teacher.goto(address)
    for page in (asker, teacher):  # both sockets are open before anyone writes
        expect(page.locator("html")).to_have_attribute("data-messaging-socket", "open")

    asker.locator(MESSAGE_BOX).fill("LINEの写真の送り方を教えてください。")
    asker.get_by_role("button", name="送信").click()

    arrived = teacher.locator("[data-messages] li").filter(has_text="LINEの写真の送り方")
    expect(arrived).to_be_visible()  # no reload: the teacher's page never navigated
    assert teacher.url.endswith(address)
    report = arrived.locator("a.message-item__report")  # the same actions as after a reload
    expect(report).to_have_attribute("href", re.compile(r"/report/\?message=[1-9]\d*$"))

    teacher.locator(MESSAGE_BOX).fill("土曜の午後はいかがですか。")
    teacher.get_by_role("button", name="送信").click()

    expect(asker.locator("[data-messages] li").filter(has_text="土曜の午後")).to_be_visible()
    mine = asker.locator("[data-messages] li.message-item--mine").first
    expect(mine.locator("[data-state]")).to_have_text(re.compile("既読"))
    edit = mine.locator("a[data-live-edit]")
    expect(edit).to_have_attribute("href", re.compile(r"/messages/[1-9]\d*/edit/$"))


def test_a_message_shows_sent_until_the_other_resident_opens_the_conversation(asgi_browser):
    """送信済み while Minh is elsewhere (his inbox, socket open), 既読 on はなこ's page without a
    reload as soon as he opens the conversation."""
    hanako, minh, conversation = _conversation_about_a_listing()
    address = f"/ja/messages/{conversation.pk}/"
    asker = asgi_browser(hanako)
    teacher = asgi_browser(minh)
    _open(asker, address)
    _open(teacher, "/ja/messages/")

    asker.locator(MESSAGE_BOX).fill("明日の午後は空いていますか。")
    asker.get_by_role("button", name="送信").click()

    mine = asker.locator("[data-messages] li.message-item--mine").filter(has_text="明日の午後")
    expect(mine.locator("[data-state]")).to_have_text("送信済み")
    # Minh's inbox has had the message (it counts it as unread), and still nobody has read it.
    row = teacher.locator(f'[data-conversation-item="{conversation.pk}"]')
    expect(row.locator("[data-unread-count]")).to_have_text("未読 1件")
    expect(mine.locator("[data-state]")).to_have_text("送信済み")

    row.locator("a.conversation-list__link").click()
    expect(teacher.locator("[data-messages] li").filter(has_text="明日の午後")).to_be_visible()

    expect(mine.locator("[data-state]")).to_have_text("既読")
    assert asker.url.endswith(address)  # はなこ never reloaded


def test_the_other_resident_sees_who_is_typing(asgi_browser):
    """While はなこ types, Minh's open conversation says so, until her message arrives."""
    hanako, minh, conversation = _conversation_about_a_listing()
    address = f"/ja/messages/{conversation.pk}/"
    asker = asgi_browser(hanako)
    teacher = asgi_browser(minh)
    _open(asker, address)
    _open(teacher, address)

    asker.locator(MESSAGE_BOX).press_sequentially("土曜日に")

    expect(teacher.locator("[data-typing]")).to_have_text("はなこさんが入力中…")
    expect(asker.locator("[data-typing]")).to_have_text("")  # not shown to the one typing

    asker.locator(MESSAGE_BOX).press_sequentially("伺ってもいいですか。")
    asker.get_by_role("button", name="送信").click()
    expect(teacher.locator("[data-messages] li").filter(has_text="土曜日に伺って")).to_be_visible()
    expect(teacher.locator("[data-typing]")).to_have_text("")  # the message ends "typing"


def test_the_header_unread_count_goes_up_live_on_any_page(asgi_browser):
    """Minh is browsing the listings: the header's unread count appears, then goes up, as はなこ
    writes, without a reload."""
    hanako, minh, conversation = _conversation_about_a_listing()
    teacher = asgi_browser(minh)
    _open(teacher, "/ja/listings/")
    badge = teacher.locator("header [data-messaging-unread]")
    expect(badge).to_have_text("")  # nothing unread: no number
    teacher.evaluate("window.notReloaded = true")

    _in_another_thread(
        send_message, sender=hanako, conversation_id=conversation.pk, body="はじめまして。"
    )
    expect(badge).to_have_text("1")
    _in_another_thread(
        send_message, sender=hanako, conversation_id=conversation.pk, body="よろしくお願いします。"
    )
    expect(badge).to_have_text("2")

    assert teacher.evaluate("window.notReloaded")


def test_messages_missed_while_disconnected_arrive_once_and_in_order(asgi_browser):
    """Minh's phone goes through a tunnel: the server's frames are lost, then the connection
    drops. The page reconnects by itself and catches up: every missed message once, in order,
    and what it showed before is not repeated, even when a stale frame turns up late."""
    hanako, minh, conversation = _conversation_about_a_listing()
    address = f"/ja/messages/{conversation.pk}/"
    teacher = asgi_browser(minh)

    sockets = []  # (page side, server side) of each socket the page opens, through the proxy
    in_tunnel = False
    lost = []  # frames from the server that never reached the page
    missed = ["2. 明日は雨だそうです。", "3. 日曜日にしませんか。", "4. 10時はいかがですか。"]

    def proxy(page_side):
        server_side = page_side.connect_to_server()
        sockets.append((page_side, server_side))

        def from_server(frame):
            if in_tunnel:
                lost.append(frame)
            else:
                page_side.send(frame)

        server_side.on_message(from_server)

    def lost_messages():
        """The lost ``message.new`` frames of this conversation, parsed."""
        frames = [json.loads(frame) for frame in lost]
        return [
            frame
            for frame in frames
            if frame["type"] == "message.new" and frame["conversation"] == conversation.pk
        ]

    def all_lost():
        """Whether the frames of all the missed messages reached the proxy (and were lost)."""
        shown = " ".join(frame["message"]["body_html"] for frame in lost_messages())
        return all(body in shown for body in missed)

    teacher.route_web_socket(re.compile(r"/ws/messaging/$"), proxy)
    _open(teacher, address)
    teacher.evaluate("window.notReloaded = true")

    def send(body):
        _in_another_thread(send_message, sender=hanako, conversation_id=conversation.pk, body=body)

    items = teacher.locator("[data-messages] li")
    send("1. こんにちは。")
    expect(items.filter(has_text="1. こんにちは。")).to_be_visible()

    in_tunnel = True
    for body in missed:
        send(body)

    # The three messages reached the proxy and were lost there: none is on the page.
    _pump_until(teacher, all_lost)
    expect(items).to_have_count(1)

    page_side, server_side = sockets[0]
    server_side.close()
    page_side.close(code=1001, reason="tunnel")  # not 4401/4403, after which it would give up
    in_tunnel = False
    expect(teacher.locator("[data-connection]")).to_have_text("接続が切れました。再接続しています…")

    # The page's own back-off (0.5–1 s for a first retry) brings it back, and it catches up.
    expect(teacher.locator("html")).to_have_attribute("data-messaging-socket", "open")
    expect(teacher.locator("[data-connection]")).to_have_text("")
    expected = ["1. こんにちは。", *missed]
    expect(items).to_have_text([re.compile(re.escape(body)) for body in expected])
    assert len(sockets) == 2

    # A message sent as the page catches up can arrive both in the answer and as a frame: the
    # stale frames, delivered late, must not add anything.
    for frame in lost_messages():
        sockets[1][0].send(json.dumps(frame))
    send("5. では日曜日に。")
    expected.append("5. では日曜日に。")
    expect(items).to_have_text([re.compile(re.escape(body)) for body in expected])
    for body in expected:
        expect(items.filter(has_text=body)).to_have_count(1)
    assert teacher.evaluate("window.notReloaded")


def test_a_message_over_the_rate_limit_is_refused_and_kept_in_the_box(asgi_browser):
    """はなこ has sent the most allowed in a minute: the next one is refused over the socket
    with the service's explanation, and what she wrote is still in the box."""
    hanako, minh, conversation = _conversation_about_a_listing()
    for number in range(MESSAGES_PER_MINUTE):
        _in_another_thread(
            send_message, sender=hanako, conversation_id=conversation.pk, body=f"質問 {number}"
        )
    asker = asgi_browser(hanako)
    _open(asker, f"/ja/messages/{conversation.pk}/")
    asker.evaluate("window.notReloaded = true")

    asker.locator(MESSAGE_BOX).fill("もう一つだけ質問です。")
    asker.get_by_role("button", name="送信").click()

    error = asker.locator("[data-message-form] [data-send-error]")
    expect(error).to_have_text(
        "この1分間に送れる上限の20件のメッセージを送りました。1分ほど待ってから送ってください。"
        "書いたメッセージは残してあります。"
    )
    expect(asker.locator(MESSAGE_BOX)).to_have_value("もう一つだけ質問です。")
    expect(asker.locator("[data-messages] li.message-item--pending")).to_have_count(0)
    assert asker.evaluate("window.notReloaded")  # refused over the socket, not by a form post
    assert Message.objects.filter(conversation=conversation).count() == MESSAGES_PER_MINUTE
