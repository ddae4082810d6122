"""The Coordinators group, as migrate leaves it: admin access and page rights on the root page."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

from accounts.models import COORDINATORS_GROUP
from accounts.roles import PAGE_PERMISSIONS, ensure_coordinators_group
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def page_permission_rows(group):
    return sorted(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", "permission__codename"
        )
    )


def test_coordinators_group_exists_after_migrate_with_admin_access():
    group = Group.objects.get(name=COORDINATORS_GROUP)

    codenames = {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    assert "wagtailadmin.access_admin" in codenames
    assert "cms.change_sitesettings" in codenames
    assert "listings.change_category" in codenames
    accounts_codenames = {name for name in codenames if name.startswith("accounts.")}
    assert not any(name.startswith("auth.") for name in codenames)
    assert all(name.endswith("_proxyresident") for name in accounts_codenames)


def test_coordinators_have_page_permissions_on_the_root_page():
    group = Group.objects.get(name=COORDINATORS_GROUP)
    root = Page.get_first_root_node()

    assert page_permission_rows(group) == sorted((root.pk, name) for name in PAGE_PERMISSIONS)
    assert {"add_page", "change_page", "publish_page"} <= set(PAGE_PERMISSIONS)
    assert GroupCollectionPermission.objects.filter(
        group=group, permission__codename="choose_image"
    ).exists()


def test_ensure_coordinators_group_can_run_again_without_duplicates():
    group = Group.objects.get(name=COORDINATORS_GROUP)
    before = (
        page_permission_rows(group),
        GroupCollectionPermission.objects.filter(group=group).count(),
        group.permissions.count(),
    )

    assert ensure_coordinators_group() == group

    after = (
        page_permission_rows(group),
        GroupCollectionPermission.objects.filter(group=group).count(),
        group.permissions.count(),
    )
    assert after == before


def test_only_coordinators_and_superusers_are_coordinators(resident, coordinator):
    superuser = UserFactory(is_superuser=True, is_staff=True)

    assert resident.is_coordinator is False
    assert coordinator.is_coordinator is True
    assert superuser.is_coordinator is True
    assert coordinator.has_perm("wagtailadmin.access_admin")
    assert not resident.has_perm("wagtailadmin.access_admin")


def test_coordinator_may_edit_and_publish_pages_below_the_root(coordinator, resident, demo_site):
    home = Page.objects.get(depth=2, url_path="/yui/")

    assert home.permissions_for_user(coordinator).can_edit()
    assert home.permissions_for_user(coordinator).can_publish()
    assert home.permissions_for_user(coordinator).can_add_subpage()
    assert not home.permissions_for_user(resident).can_edit()
