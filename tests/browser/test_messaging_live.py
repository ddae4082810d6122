"""Two residents in two browsers, over the real ASGI server: one sends, the other sees it
without reloading and replies, and the first sees the reply and "read" (既読)."""

import re

import pytest
from playwright.sync_api import expect

from listings.services import submit_listing
from messaging.services import start_conversation
from tests.factories import ListingFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MESSAGE_BOX = "[data-message-form] textarea[name=body]"


def test_a_message_arrives_live_and_the_sender_sees_it_read(asgi_browser):
    hanako = UserFactory(profile__display_name="はなこ", profile__language="ja")
    minh = UserFactory(profile__display_name="Minh", profile__language="ja")
    listing = ListingFactory(owner=minh, title="スマホの使い方を教えます")
    submit_listing(listing=listing, by=minh)
    conversation = start_conversation(listing=listing, by=hanako)
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
