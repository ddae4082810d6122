"""Reporting a board post, and the coordinators' queue in the admin (hide or dismiss)."""

import pytest
from django.urls import reverse

from communities.models import BoardPost, PostReport
from communities.services import post_to_board
from listings.models import ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(client, open_community, organiser, member_of):
    post = post_to_board(author=organiser, community=open_community, body="怪しい儲け話です")
    member = member_of(open_community)
    client.force_login(member)
    url = reverse("communities:report_post", args=[open_community.pk, post.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "scam", "details": "投資の勧誘"})
    assert response.status_code == 302
    return post


def test_a_member_reports_a_post(reported):
    report = PostReport.objects.get()
    assert (report.post, report.reason, report.status) == (reported, "scam", ReportStatus.OPEN)


def test_a_report_without_a_reason_shows_the_error(client, open_community, organiser):
    post = post_to_board(author=organiser, community=open_community, body="投稿")
    client.force_login(organiser)
    url = reverse("communities:report_post", args=[open_community.pk, post.pk])
    response = client.post(url, {"details": "理由なし"})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert "理由なし" in response.content.decode()
    assert not PostReport.objects.exists()


def test_coordinators_hide_a_reported_post(client, reported, coordinator, open_community):
    client.force_login(coordinator)
    queue = reverse("communities_post_reports")
    page = client.get(queue)
    assert page.status_code == 200 and "怪しい儲け話です" in page.content.decode()
    report = PostReport.objects.get()
    client.post(queue, {"report": report.pk, "decision": "hide", "note": "詐欺の勧誘"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED and report.handled_by == coordinator
    assert BoardPost.objects.get(pk=reported.pk).hidden
    board = client.get(reverse("communities:board", args=[open_community.pk])).content.decode()
    assert "怪しい儲け話です" not in board


def test_coordinators_dismiss_a_report(client, reported, coordinator):
    client.force_login(coordinator)
    report = PostReport.objects.get()
    client.post(
        reverse("communities_post_reports"),
        {"report": report.pk, "decision": "dismiss", "note": "問題なし"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DISMISSED
    assert not BoardPost.objects.get(pk=reported.pk).hidden


def test_a_decision_needs_a_note(client, reported, coordinator):
    client.force_login(coordinator)
    report = PostReport.objects.get()
    client.post(reverse("communities_post_reports"), {"report": report.pk, "decision": "hide"})
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_residents_cannot_open_the_queue(client, reported, resident):
    client.force_login(resident)
    response = client.get(reverse("communities_post_reports"))
    assert response.status_code in (302, 403)


def test_coordinators_feature_and_hide_communities_in_the_admin(
    client, coordinator, open_community
):
    client.force_login(coordinator)
    index = client.get(reverse("wagtailsnippets_communities_community:list"), {"hidden": "false"})
    assert index.status_code == 200 and open_community.name in index.content.decode()
    edit = reverse("wagtailsnippets_communities_community:edit", args=[open_community.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"featured": "on", "hidden": "on"})
    assert response.status_code == 302
    open_community.refresh_from_db()
    assert open_community.featured and open_community.hidden
