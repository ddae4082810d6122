"""The admin's import page: upload, preview every problem or a summary, confirm, imported."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from listings import admin_import
from listings.models import Listing, Status
from tests.factories import ListingFactory
from tests.listings.import_files import listing_row, write_csv, write_jsonl, write_xlsx

pytestmark = pytest.mark.django_db
UPLOAD, CONFIRM = reverse("listings_import"), reverse("listings_import_confirm")


@pytest.fixture(autouse=True)
def _english(coordinator):
    """The admin speaks each user's preferred language: English here, to read the messages."""
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "en"
    profile.save()
    with translation.override("en"):
        yield


def upload(client, path, *, as_me=True):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes())}
    if as_me:
        data["as_me"] = "on"
    return client.post(UPLOAD, data)


def stored_uploads(user) -> list[str]:
    folder = f"{admin_import.UPLOAD_FOLDER}/{user.pk}"
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def test_coordinator_sees_the_upload_form(client, coordinator):
    client.force_login(coordinator)

    page = client.get(UPLOAD).content.decode()

    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert 'for="id_file"' in page and 'for="id_as_me"' in page
    assert 'aria-describedby="id_file_helptext"' in page and 'id="id_file_helptext"' in page


def test_preview_lists_every_problem_with_its_line_and_field_and_writes_nothing(
    client, coordinator, tmp_path
):
    path = write_csv(
        tmp_path / "register.csv",
        [
            listing_row("R-1"),
            listing_row("R-2", kind="car"),
            listing_row("R-3", category="no-such-category", lat=100),
        ],
    )
    client.force_login(coordinator)

    response = upload(client, path)

    page = response.content.decode()
    assert response.status_code == 200
    assert "register.csv cannot be imported" in page
    assert "<td>3</td><td>kind</td><td>must be one of: skill, item, space, activity</td>" in page
    assert "<td>4</td><td>category</td><td>no category “no-such-category”</td>" in page
    assert "<td>4</td><td>lat</td><td>must be between -90 and 90</td>" in page
    assert "Import these" not in page
    assert not Listing.objects.exists()
    assert stored_uploads(coordinator) == []


def test_preview_summarises_then_confirm_imports_that_file_as_me(client, coordinator, tmp_path):
    ListingFactory(ref="R-1", title="古いタイトル")
    rows = [listing_row("R-1", title="新しいタイトル"), listing_row("R-2"), listing_row("R-3")]
    path = write_xlsx(tmp_path / "register.xlsx", rows)
    client.force_login(coordinator)

    page = upload(client, path).content.decode()

    assert "register.xlsx is ready to import" in page
    assert "2 new listings, 1 updated (matched by ref)." in page
    assert "<td>R-2</td>" in page and "新しいタイトル" in page
    assert "Import these 3 listings" in page
    assert Listing.objects.count() == 1 and not Listing.objects.filter(ref="R-2").exists()
    assert len(stored_uploads(coordinator)) == 1

    response = client.post(CONFIRM)

    assert response.status_code == 302 and response["Location"] == UPLOAD
    imported = Listing.objects.filter(ref__in=["R-1", "R-2", "R-3"])
    assert imported.count() == 3
    assert {listing.posted_by for listing in imported} == {coordinator}
    assert {listing.status for listing in imported} == {Status.PUBLISHED}
    assert Listing.objects.get(ref="R-1").title == "新しいタイトル"
    assert stored_uploads(coordinator) == []
    message = client.get(UPLOAD).content.decode()
    assert "Imported register.xlsx: 2 new listings, 1 updated." in message


def test_without_as_me_the_system_imports(client, coordinator, tmp_path):
    path = write_jsonl(tmp_path / "register.jsonl", [listing_row("R-1")])
    client.force_login(coordinator)

    upload(client, path, as_me=False)
    client.post(CONFIRM)

    assert Listing.objects.get(ref="R-1").posted_by is None


def test_confirm_without_a_preview_imports_nothing(client, coordinator):
    client.force_login(coordinator)

    response = client.post(CONFIRM, follow=True)

    assert "There is no previewed file to import" in response.content.decode()
    assert not Listing.objects.exists()


def test_a_new_upload_replaces_the_previewed_file(client, coordinator, tmp_path):
    client.force_login(coordinator)
    upload(client, write_csv(tmp_path / "first.csv", [listing_row("FIRST")]))
    upload(client, write_csv(tmp_path / "second.csv", [listing_row("SECOND")]))

    assert len(stored_uploads(coordinator)) == 1
    client.post(CONFIRM)

    assert list(Listing.objects.values_list("ref", flat=True)) == ["SECOND"]


def test_a_file_too_big_is_refused_next_to_the_field(client, coordinator, tmp_path, monkeypatch):
    monkeypatch.setattr(admin_import, "MAX_UPLOAD_BYTES", 100)
    path = write_csv(tmp_path / "register.csv", [listing_row("R-1")])
    client.force_login(coordinator)

    page = upload(client, path).content.decode()

    assert "files up to 0 MB can be imported" in page
    assert 'class="error-message"' in page
    assert not Listing.objects.exists() and stored_uploads(coordinator) == []


def test_a_wrong_file_type_is_refused_next_to_the_field(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        UPLOAD, {"file": SimpleUploadedFile("register.pdf", b"%PDF-1.4"), "as_me": "on"}
    )

    page = response.content.decode()
    assert "Unknown file type “.pdf”: use a .jsonl, .csv or .xlsx file." in page
    assert not Listing.objects.exists()


def test_a_forged_workbook_is_reported_not_a_server_error(client, coordinator):
    client.force_login(coordinator)

    response = client.post(UPLOAD, {"file": SimpleUploadedFile("register.xlsx", b"not a zip")})

    assert response.status_code == 200
    assert "The file is not a readable Excel workbook (.xlsx)." in response.content.decode()


def test_a_resident_is_refused(client, resident, coordinator, tmp_path):
    path = write_csv(tmp_path / "register.csv", [listing_row("R-1")])
    client.force_login(coordinator)
    upload(client, path)
    client.force_login(resident)

    for response in (client.get(UPLOAD), upload(client, path), client.post(CONFIRM)):
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    assert not Listing.objects.exists()


def test_an_admin_user_who_is_not_a_coordinator_is_refused(client, resident, tmp_path):
    from django.contrib.auth.models import Permission

    resident.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(resident)
    path = write_csv(tmp_path / "register.csv", [listing_row("R-1")])

    # Wagtail answers PermissionDenied with a redirect to the dashboard and a message.
    for response in (client.get(UPLOAD), upload(client, path), client.post(CONFIRM)):
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not Listing.objects.exists() and stored_uploads(resident) == []
