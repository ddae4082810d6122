"""Coordinators export listings as CSV or Excel; the file can be imported again."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from listings.export import COLUMNS
from listings.importing import import_listings
from listings.models import Category, Listing, Status
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db
EXPORT = reverse("listings_export")


def download(client, **params) -> bytes:
    response = client.get(EXPORT, {"format": "csv", **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content if response.streaming else [response.content])


def csv_rows(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def listings(resident):
    return [
        ListingFactory(
            ref="R-1",
            title="子ども用自転車をゆずります",
            kind="item",
            owner=resident,
            tags=["自転車", "子ども"],
            status=Status.PUBLISHED,
        ),
        ListingFactory(ref="R-2", title="Aulas de português", kind="skill", status=Status.DRAFT),
    ]


def test_csv_has_a_bom_the_import_header_and_one_row_per_listing(client, coordinator, listings):
    client.force_login(coordinator)

    response = client.get(EXPORT, {"format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="listings-' in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    header = content.decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == list(COLUMNS)
    rows = csv_rows(content)
    assert [row["ref"] for row in rows] == ["R-1", "R-2"]
    first = rows[0]
    assert first["title"] == "子ども用自転車をゆずります"
    assert first["tags"] == "自転車;子ども"
    assert first["owner"] == listings[0].owner.email
    assert first["status"] == "published" and first["category"] == listings[0].category.slug
    assert first["created_at"].startswith(str(listings[0].created_at.year))


def test_filters_by_status_kind_and_category(client, coordinator, listings):
    client.force_login(coordinator)
    other = Category.objects.exclude(pk=listings[0].category_id).first()
    ListingFactory(ref="R-3", category=other, kind="item", status=Status.PUBLISHED)

    def refs(**params):
        return [row["ref"] for row in csv_rows(download(client, **params))]

    assert refs(status="published") == ["R-1", "R-3"]
    assert refs(kind="skill") == ["R-2"]
    assert refs(category=other.slug) == ["R-3"]
    assert refs(status="published", kind="item", category=other.slug) == ["R-3"]


def test_a_bad_filter_is_shown_next_to_its_field(client, coordinator):
    client.force_login(coordinator)

    response = client.get(EXPORT, {"format": "csv", "kind": "car", "category": "nope"})

    page = response.content.decode()
    assert response.status_code == 200 and 'class="error-message"' in page
    assert page.count('class="error-message"') == 2


def test_xlsx_opens_with_openpyxl(client, coordinator, listings):
    client.force_login(coordinator)

    response = client.get(EXPORT, {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert [row[0] for row in rows[1:]] == ["R-1", "R-2"]
    assert rows[1][COLUMNS.index("title")] == "子ども用自転車をゆずります"


def test_formula_like_text_is_escaped_in_csv_and_xlsx(client, coordinator):
    ListingFactory(
        ref='=HYPERLINK("http://evil.example")',
        title="+81 90 1234 5678",
        description="-1 個あります",
        area="@犬山",
        latitude=35.1,
        longitude=-0.5,
    )
    client.force_login(coordinator)

    row = csv_rows(download(client))[0]
    assert row["ref"] == '\'=HYPERLINK("http://evil.example")'
    assert row["title"] == "'+81 90 1234 5678"
    assert row["description"] == "'-1 個あります"
    assert row["area"] == "'@犬山"
    assert row["lon"] == "-0.5"  # a number is not text: left as it is

    response = client.get(EXPORT, {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=False))[0]
    assert cells[0].value == '\'=HYPERLINK("http://evil.example")'
    assert all(cell.data_type != "f" for cell in cells)
    assert cells[COLUMNS.index("lon")].value == -0.5


@pytest.mark.parametrize("file_type", ["csv", "xlsx"])
def test_an_export_imports_again_updating_by_ref(
    client, coordinator, listings, tmp_path, file_type
):
    client.force_login(coordinator)
    path = tmp_path / f"export.{file_type}"
    path.write_bytes(download(client, format=file_type))
    Listing.objects.filter(ref="R-1").update(title="変えられたタイトル", tags=[])

    result = import_listings(path=path)

    assert (result.created, result.updated) == (0, 2)
    again = Listing.objects.get(ref="R-1")
    assert again.title == "子ども用自転車をゆずります"
    assert again.tags == ["自転車", "子ども"]
    assert again.owner == listings[0].owner
    assert Listing.objects.get(ref="R-2").status == Status.PUBLISHED  # imports publish


def test_a_resident_is_refused(client, resident, listings):
    client.force_login(resident)

    response = client.get(EXPORT, {"format": "csv"})

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_query_count_does_not_grow_with_the_listings(
    client, coordinator, listings, django_assert_max_num_queries
):
    client.force_login(coordinator)
    with django_assert_max_num_queries(12) as few:
        download(client)
    ListingFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(csv_rows(download(client))) == 32
