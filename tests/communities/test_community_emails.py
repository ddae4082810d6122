"""Join requests and their answers are e-mailed as well (the organiser must answer, the
requester is answered); a reply on the board stays in the app. E-mails follow the "e-mail me
about new messages" preference and are written in the recipient's language."""

import pytest
from django.core import mail

from communities.services import approve_request, join_community, post_to_board, reply_to_post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_join_request_and_its_answer_are_emailed(
    closed_community, organiser, django_capture_on_commit_callbacks
):
    resident = UserFactory(profile__language="en")
    organiser.profile.language = "ja"
    organiser.profile.save()

    with django_capture_on_commit_callbacks(execute=True):
        membership = join_community(user=resident, community=closed_community)
    (to_organiser,) = mail.outbox
    assert to_organiser.to == [organiser.email]
    assert f"{resident.display_name}さんが「{closed_community.name}」" in to_organiser.body
    assert "List-Unsubscribe" in to_organiser.extra_headers

    with django_capture_on_commit_callbacks(execute=True):
        approve_request(by=organiser, community=closed_community, member_id=membership.pk)
    answer = mail.outbox[-1]
    assert answer.to == [resident.email]
    assert f"Your request to join “{closed_community.name}” was accepted" in answer.body
    assert f"/en/communities/{closed_community.pk}/" in answer.body


def test_no_email_for_those_who_chose_never_nor_for_board_replies(
    closed_community, organiser, django_capture_on_commit_callbacks
):
    organiser.profile.email_on_message = "never"
    organiser.profile.save()
    resident = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        membership = join_community(user=resident, community=closed_community)
        approve_request(by=organiser, community=closed_community, member_id=membership.pk)
    assert [message.to for message in mail.outbox] == [[resident.email]]

    post = post_to_board(author=organiser, community=closed_community, body="こんにちは")
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_post(author=resident, community=closed_community, post_id=post.pk, body="はい")
    assert len(mail.outbox) == 1
