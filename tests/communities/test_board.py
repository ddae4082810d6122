"""The board: members post and reply (links clickable, line breaks kept, a photo); everyone
else gets 404 for the board, its forms and the chat of a closed community."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.models import Notification
from communities import services
from communities.models import BoardPost
from communities.services import post_to_board
from tests.accounts.markup import parse
from tests.communities.conftest import photo_upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_posts_with_a_link_and_line_breaks(client, open_community, member_of):
    member = member_of(open_community)
    client.force_login(member)
    body = "明日の持ち物です\n詳しくは https://example.jp/info?a=1&b=2 を見てください <b>"
    response = client.post(reverse("communities:post", args=[open_community.pk]), {"body": body})
    assert response.status_code == 302
    post = BoardPost.objects.get()
    assert (post.author, post.body) == (member, body)
    html = client.get(reverse("communities:board", args=[open_community.pk])).content.decode()
    assert (
        '<a href="https://example.jp/info?a=1&amp;b=2" rel="nofollow ugc noopener" target="_blank">'
    ) in html
    assert "明日の持ち物です<br>" in html
    assert "&lt;b&gt;" in html


def test_a_post_with_a_photo(client, open_community, member_of):
    member = member_of(open_community)
    client.force_login(member)
    client.post(
        reverse("communities:post", args=[open_community.pk]),
        {"body": "写真です", "photo": photo_upload(exif_gps=True)},
    )
    post = BoardPost.objects.get()
    assert post.photo and post.thumbnail


def test_an_empty_post_shows_the_error_and_keeps_the_photo_note(client, open_community, member_of):
    client.force_login(member_of(open_community))
    response = client.post(reverse("communities:post", args=[open_community.pk]), {"body": "  "})
    assert response.status_code == 200
    assert "body" in response.context["post_form"].errors
    assert not BoardPost.objects.exists()


def test_replies_are_shown_under_the_post_and_the_author_is_told(
    client, open_community, organiser, member_of
):
    post = post_to_board(author=organiser, community=open_community, body="お知らせ")
    member = member_of(open_community, display_name="ゆうこ")
    client.force_login(member)
    response = client.post(
        reverse("communities:reply", args=[open_community.pk, post.pk]), {"body": "了解です"}
    )
    assert response.status_code == 302
    reply = BoardPost.objects.get(parent=post)
    assert reply.body == "了解です"
    notice = Notification.objects.get(recipient=organiser, data__event="reply")
    assert notice.data["by"] == "ゆうこ"
    html = client.get(reverse("communities:board", args=[open_community.pk])).content.decode()
    assert html.index("お知らせ") < html.index("了解です")


def test_an_empty_reply_shows_the_error_next_to_it(client, open_community, organiser):
    post = post_to_board(author=organiser, community=open_community, body="お知らせ")
    client.force_login(organiser)
    response = client.post(
        reverse("communities:reply", args=[open_community.pk, post.pk]), {"body": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="reply-{post.pk}-body"' in html and 'aria-invalid="true"' in html
    assert not BoardPost.objects.filter(parent=post).exists()


@pytest.mark.parametrize("community_fixture", ["closed_community", "open_community"])
def test_a_non_member_gets_404_on_the_board_and_its_forms(
    client, request, community_fixture, organiser, resident
):
    community = request.getfixturevalue(community_fixture)
    post = post_to_board(author=organiser, community=community, body="メンバーだけの話")
    client.force_login(resident)
    assert client.get(reverse("communities:board", args=[community.pk])).status_code == 404
    assert (
        client.post(reverse("communities:post", args=[community.pk]), {"body": "x"}).status_code
        == 404
    )
    reply = reverse("communities:reply", args=[community.pk, post.pk])
    assert client.post(reply, {"body": "x"}).status_code == 404
    report = reverse("communities:report_post", args=[community.pk, post.pk])
    assert client.get(report).status_code == 404
    assert BoardPost.objects.count() == 1
    detail = client.get(reverse("communities:detail", args=[community.pk])).content.decode()
    assert "メンバーだけの話" not in detail
    assert community.description in detail


def test_a_non_member_gets_404_on_the_chat_of_a_closed_community(
    client, closed_community, resident
):
    client.force_login(resident)
    chat = reverse("messaging:conversation", args=[closed_community.conversation_id])
    assert client.get(chat).status_code == 404
    page = client.get(reverse("communities:detail", args=[closed_community.pk])).content.decode()
    assert chat not in page


def test_a_removed_member_loses_the_board(client, open_community, organiser, member_of):
    from communities.models import CommunityMember

    member = member_of(open_community)
    client.force_login(organiser)
    row = CommunityMember.objects.get(community=open_community, user=member)
    client.post(reverse("communities:remove", args=[open_community.pk, row.pk]))
    client.force_login(member)
    assert client.get(reverse("communities:board", args=[open_community.pk])).status_code == 404


def test_the_board_page_has_a_fixed_number_of_queries(client, open_community, organiser, member_of):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from communities.services import reply_to_post

    members = [member_of(open_community) for _ in range(3)]
    client.force_login(organiser)
    url = reverse("communities:board", args=[open_community.pk])
    counts = []
    for posts in (1, 6):
        while open_community.posts.filter(parent__isnull=True).count() < posts:
            i = open_community.posts.count()
            post = post_to_board(author=members[i % 3], community=open_community, body=f"投稿{i}")
            reply_to_post(
                author=members[(i + 1) % 3], community=open_community, post_id=post.pk, body="返信"
            )
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 20


def test_an_author_deletes_their_post_and_its_replies_go_with_it(
    client, open_community, member_of, django_capture_on_commit_callbacks
):
    author, replier = member_of(open_community), member_of(open_community)
    post = services.post_to_board(
        author=author, community=open_community, body="明日は雨", photo=photo_upload()
    )
    stored = [post.photo.name, post.thumbnail.name]
    storage = post.photo.storage
    reply = services.reply_to_post(
        author=replier, community=open_community, post_id=post.pk, body="了解です"
    )
    client.force_login(author)
    board_url = reverse("communities:board", args=[open_community.pk])
    page = parse(client.get(board_url))
    assert page.select_one(f'#post-{post.pk} form[action$="/{post.pk}/delete/"]')
    assert not page.select_one(f'#post-{reply.pk} form[action$="/{reply.pk}/delete/"]')

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communities:delete_post", args=[open_community.pk, post.pk])
        )

    assert response.status_code == 302
    assert not BoardPost.objects.filter(pk__in=[post.pk, reply.pk]).exists()
    assert stored[0] and not any(storage.exists(name) for name in stored)


def test_another_member_cannot_delete_a_post_but_an_organiser_can(
    client, open_community, organiser, member_of
):
    author, other = member_of(open_community), member_of(open_community)
    post = services.post_to_board(author=author, community=open_community, body="売ります")
    url = reverse("communities:delete_post", args=[open_community.pk, post.pk])

    client.force_login(other)
    assert client.post(url).status_code == 403
    assert BoardPost.objects.filter(pk=post.pk).exists()

    client.force_login(organiser)
    assert client.post(url).status_code == 302
    assert not BoardPost.objects.filter(pk=post.pk).exists()
    assert ModelLogEntry.objects.filter(action="yui.community.post.remove").count() == 1


def test_non_members_cannot_delete_a_post(client, closed_community, organiser):
    post = services.post_to_board(author=organiser, community=closed_community, body="内緒")
    client.force_login(UserFactory())

    response = client.post(reverse("communities:delete_post", args=[closed_community.pk, post.pk]))

    assert response.status_code == 404
    assert BoardPost.objects.filter(pk=post.pk).exists()
