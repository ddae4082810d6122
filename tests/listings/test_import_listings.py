"""`manage.py import_listings PATH [--as EMAIL] [--dry-run]`: the contract in DESIGN.md."""

import datetime
import io
import json
import math

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone, translation

from listings.importing import IMPORTED_FIELDS, detect_language, import_listings
from listings.models import Listing, ListingSettings, Status
from tests.factories import ListingFactory, UserFactory
from tests.listings.import_files import (
    generated_rows,
    listing_row,
    write_csv,
    write_jsonl,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run_import(path, *args) -> str:
    out = io.StringIO()
    call_command("import_listings", str(path), *args, stdout=out)
    return out.getvalue()


def refused(path, *args) -> str:
    with pytest.raises(CommandError) as error:
        run_import(path, *args)
    return str(error.value)


# Each format


def test_jsonl_rows_become_published_listings_posted_by_the_system(tmp_path):
    path = write_jsonl(tmp_path / "register.jsonl", [listing_row("R-1"), listing_row("R-2")])

    output = run_import(path)

    assert output.strip() == "2 created, 0 updated"
    listing = Listing.objects.get(ref="R-1")
    assert (listing.kind, listing.direction, listing.category.slug) == ("skill", "offer", "digital")
    assert listing.title == "スマホの使い方を教えます"
    assert listing.tags == ["スマホ", "LINE"]
    assert listing.spoken_languages == ["ja", "en"]
    assert (listing.area, listing.latitude, listing.longitude) == ("犬山", 35.3786, 136.9447)
    assert listing.language == "ja"
    assert listing.owner is None and listing.posted_by is None
    assert listing.status == Status.PUBLISHED and listing.is_public
    assert listing.expires_at - listing.published_at == datetime.timedelta(days=60)
    assert Listing.objects.published().count() == 2


def test_csv_with_a_bom_and_semicolon_separated_lists(tmp_path):
    path = write_csv(
        tmp_path / "register.csv",
        [listing_row(tags=["畑", " 野菜 "], spoken_languages=["ja", "pt"], lat=None, lon=None)],
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    assert run_import(path).strip() == "1 created, 0 updated"

    listing = Listing.objects.get(ref="R-1")
    assert listing.tags == ["畑", "野菜"]
    assert listing.spoken_languages == ["ja", "pt"]
    assert listing.latitude is None and listing.longitude is None


def test_csv_without_a_bom(tmp_path):
    path = write_csv(tmp_path / "register.csv", [listing_row(area="")], encoding="utf-8")

    run_import(path)

    listing = Listing.objects.get(ref="R-1")
    assert listing.area == ""
    assert listing.latitude == 35.3786


def test_xlsx_first_sheet_with_numbers_as_cells(tmp_path):
    path = write_xlsx(
        tmp_path / "register.xlsx", [listing_row(1024, tags=["畑"]), listing_row("R-2")]
    )

    assert run_import(path).strip() == "2 created, 0 updated"

    listing = Listing.objects.get(ref="1024")
    assert listing.tags == ["畑"]
    assert listing.longitude == 136.9447
    assert Listing.objects.filter(ref="R-2").exists()


# Bad input: every problem with its line and field, nothing written


BAD_ROWS = [
    ({"ref": None}, "ref", "required"),
    ({"kind": "car"}, "kind", "must be one of: skill, item, space, activity"),
    ({"direction": "maybe"}, "direction", "must be one of: offer, request"),
    ({"title": None}, "title", "required"),
    ({"title": "x" * 121}, "title", "is longer than 120 characters"),
    ({"description": ""}, "description", "required"),
    ({"category": "cars"}, "category", "no category “cars”"),
    ({"tags": "畑;野菜"}, "tags", "must be a list of texts"),
    ({"language": "日本語"}, "language", "is not a BCP 47 language code"),
    ({"lat": 91}, "lat", "must be between -90 and 90"),
    ({"lon": -181}, "lon", "must be between -180 and 180"),
    ({"lat": "north"}, "lat", "must be a number"),
    ({"lon": None}, "lon", "required when lat is given"),
    ({"lat": None}, "lat", "required when lon is given"),
    ({"spoken_languages": ["ja", "klingon"]}, "spoken_languages", "unknown language code: klingon"),
    ({"owner": "nobody@example.jp"}, "owner", "no account has the e-mail address nobody@"),
    ({"colour": "red"}, "colour", "unknown field"),
]


@pytest.mark.parametrize(("fields", "field", "problem"), BAD_ROWS)
def test_a_bad_field_is_reported_with_line_and_field_and_nothing_is_written(
    tmp_path, fields, field, problem
):
    bad = {**listing_row("BAD"), **fields}
    rows = [listing_row("GOOD"), {name: value for name, value in bad.items() if value is not None}]
    path = write_jsonl(tmp_path / "register.jsonl", rows)

    message = refused(path)

    assert f"line 2: {field}: {problem}" in message
    assert "nothing was imported" in message
    assert not Listing.objects.exists()


def test_every_problem_in_the_file_is_listed(tmp_path):
    rows = [
        listing_row("R-1"),
        listing_row("R-2", kind="car", category="cars"),
        listing_row("R-3"),
        listing_row("R-4", lat=100),
    ]
    path = write_jsonl(tmp_path / "register.jsonl", rows)

    message = refused(path)

    assert message.splitlines() == [
        "3 problems found; nothing was imported.",
        "line 2: kind: must be one of: skill, item, space, activity",
        "line 2: category: no category “cars”",
        "line 4: lat: must be between -90 and 90",
    ]
    assert not Listing.objects.exists()


def test_csv_lines_count_the_header_and_cells_spanning_lines(tmp_path):
    rows = [
        listing_row("R-1", description="一行目\n二行目\n三行目"),
        listing_row("R-2", direction="maybe"),
    ]
    path = write_csv(tmp_path / "register.csv", rows)

    message = refused(path)

    # Header on line 1, R-1 on lines 2–4, R-2 on line 5.
    assert "line 5: direction: must be one of: offer, request" in message
    assert not Listing.objects.exists()


def test_xlsx_problems_name_the_row_number(tmp_path):
    rows = [listing_row("R-1"), listing_row("R-2"), listing_row("R-3", category="cars")]
    path = write_xlsx(tmp_path / "register.xlsx", rows)

    assert "line 4: category: no category “cars”" in refused(path)
    assert not Listing.objects.exists()


def test_a_ref_twice_in_the_file_is_refused(tmp_path):
    rows = [listing_row("R-1"), listing_row("R-2"), listing_row("R-1")]
    path = write_jsonl(tmp_path / "register.jsonl", rows)

    assert "line 3: ref: “R-1” is also on line 1" in refused(path)
    assert not Listing.objects.exists()


def test_a_line_that_is_not_json_is_reported(tmp_path):
    path = tmp_path / "register.jsonl"
    path.write_text(json.dumps(listing_row()) + "\n{not json\n[1, 2]\n", "utf-8")

    message = refused(path)

    assert "line 2: not valid JSON" in message
    assert "line 3: not a JSON object" in message
    assert not Listing.objects.exists()


def test_a_csv_header_without_a_required_column_is_refused(tmp_path):
    path = write_csv(tmp_path / "register.csv", [listing_row(category=None, catgory="digital")])

    message = refused(path)

    assert "line 1: category: required column is missing" in message
    assert "line 1: catgory: unknown field" in message


def test_a_csv_that_is_not_utf8_gets_a_clear_error(tmp_path):
    ascii_row = listing_row("R-1", title="Bike", description="A bike.", area="", tags=["bike"])
    path = write_csv(tmp_path / "register.csv", [ascii_row, listing_row("R-2")], encoding="cp932")

    message = refused(path)

    assert message.startswith("line 3: the file is not UTF-8 text.")
    assert "Traceback" not in message
    assert not Listing.objects.exists()


@pytest.mark.parametrize("name", ["register.txt", "register.xls", "register"])
def test_an_unknown_file_type_is_refused(tmp_path, name):
    path = tmp_path / name
    path.write_text("ref,kind\n", "utf-8")

    assert "Unknown file type" in refused(path)


def test_a_broken_workbook_and_a_missing_file_are_refused(tmp_path):
    broken = tmp_path / "register.xlsx"
    broken.write_bytes(b"this is not a zip file")

    assert refused(broken) == "The file is not a readable Excel workbook (.xlsx)."
    assert refused(tmp_path / "missing.csv").startswith("Cannot read the file")


# Dry run


def test_a_dry_run_reports_and_writes_nothing(tmp_path):
    existing = ListingFactory(ref="R-1", title="old title")
    path = write_jsonl(
        tmp_path / "register.jsonl", [listing_row("R-1"), listing_row("R-2"), listing_row("R-3")]
    )

    output = run_import(path, "--dry-run")

    assert output.strip() == "Dry run: 2 would be created, 1 would be updated."
    assert Listing.objects.count() == 1
    existing.refresh_from_db()
    assert existing.title == "old title" and existing.status == Status.DRAFT


def test_a_dry_run_still_lists_the_problems(tmp_path):
    path = write_jsonl(tmp_path / "register.jsonl", [listing_row(kind="car")])

    assert "line 1: kind:" in refused(path, "--dry-run")


# --as


def test_as_a_coordinator_records_who_posted(tmp_path, coordinator):
    path = write_jsonl(tmp_path / "register.jsonl", [listing_row()])

    run_import(path, "--as", coordinator.email.upper())

    listing = Listing.objects.get()
    assert listing.posted_by == coordinator
    assert listing.owner is None


def test_as_a_resident_is_refused(tmp_path, resident):
    path = write_jsonl(tmp_path / "register.jsonl", [listing_row()])

    message = refused(path, "--as", resident.email)

    assert "is not a coordinator" in message
    assert not Listing.objects.exists()


def test_as_an_unknown_email_is_refused(tmp_path):
    path = write_jsonl(tmp_path / "register.jsonl", [listing_row()])

    assert "No account has the e-mail address ghost@example.jp" in refused(
        path, "--as", "ghost@example.jp"
    )
    assert not Listing.objects.exists()


def test_the_service_refuses_a_resident_too(tmp_path, resident):
    path = write_jsonl(tmp_path / "register.jsonl", [listing_row()])

    with pytest.raises(Exception, match="is not a coordinator"):
        import_listings(path=path, by=resident)


# Owners and re-imports


def test_owner_is_found_by_email(tmp_path, resident):
    rows = [listing_row("R-1", owner=resident.email.upper()), listing_row("R-2")]
    path = write_csv(tmp_path / "register.csv", rows)

    run_import(path)

    assert Listing.objects.get(ref="R-1").owner == resident
    assert Listing.objects.get(ref="R-2").owner is None


def test_reimporting_a_ref_overwrites_that_listing(tmp_path, resident, coordinator):
    path = write_jsonl(tmp_path / "first.jsonl", [listing_row("R-1", owner=resident.email)])
    run_import(path)
    listing = Listing.objects.get()
    first_published_at = listing.published_at
    Listing.objects.filter(pk=listing.pk).update(
        status=Status.CLOSED,
        closed_reason="withdrawn",
        expires_at=timezone.now() - datetime.timedelta(days=1),
        featured=True,
    )

    changed = listing_row(
        "R-1", kind="item", title="自転車あげます", tags=["自転車"], lat=None, lon=None
    )
    path = write_jsonl(tmp_path / "second.jsonl", [changed, listing_row("R-2")])
    output = run_import(path, "--as", coordinator.email)

    assert output.strip() == "1 created, 1 updated"
    assert Listing.objects.count() == 2
    listing.refresh_from_db()
    assert (listing.kind, listing.title, listing.tags) == ("item", "自転車あげます", ["自転車"])
    assert listing.latitude is None and listing.owner is None
    assert listing.posted_by == coordinator
    assert listing.status == Status.PUBLISHED and listing.closed_reason == ""
    assert listing.published_at == first_published_at
    assert listing.expires_at > timezone.now() + datetime.timedelta(days=59)
    assert listing.featured, "what the import does not set is kept"


def test_expiry_follows_the_listing_settings(tmp_path):
    settings = ListingSettings.load()
    settings.expiry_days = 14
    settings.save()
    path = write_jsonl(tmp_path / "register.jsonl", [listing_row()])

    run_import(path)

    listing = Listing.objects.get()
    assert listing.expires_at - listing.published_at == datetime.timedelta(days=14)


# Language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("スマホの使い方を教えます", "ja"),
        ("ﾊﾟｿｺﾝ教室", "ja"),
        ("日本語の教室です", "ja"),
        ("中文辅导 周末上课", "zh"),
        ("한국어 가르쳐 드립니다", "ko"),
        ("Dạy tiếng Việt cho trẻ em", "vi"),
        ("Dạy tiếng Việt cho trẻ em", "vi"),  # decomposed (NFD)
        ("Aulas de português para crianças", "pt"),
        ("Preciso de ajuda com a mudança", "pt"),
        ("Nagtuturo ako ng Tagalog sa mga bata", "tl"),
        ("Kailangan ko po ng tulong", "tl"),
        ("Free bicycle for a child, good condition", "en"),
        ("Bicicleta", "en"),
        ("", "en"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_language_is_detected_when_absent_and_kept_when_given(tmp_path):
    rows = [
        listing_row("R-1", title="Dạy tiếng Việt", description="Cuối tuần, miễn phí."),
        listing_row("R-2", title="Bicycle", description="A small bike.", language="PT-br"),
        listing_row("R-3", title="Aulas de português", description="Para crianças."),
    ]
    path = write_csv(tmp_path / "register.csv", rows)

    run_import(path)

    languages = dict(Listing.objects.values_list("ref", "language"))
    assert languages == {"R-1": "vi", "R-2": "pt-BR", "R-3": "pt"}


# Progress and cost


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_shown_on_a_terminal_only(tmp_path):
    path = write_jsonl(tmp_path / "register.jsonl", generated_rows(3))
    terminal = Terminal()

    call_command("import_listings", str(path), stdout=terminal)

    assert "\rWriting listings: 3/3" in terminal.getvalue()
    assert terminal.getvalue().endswith("\n3 created, 0 updated\n")
    path = write_jsonl(tmp_path / "again.jsonl", generated_rows(3))
    assert run_import(path) == "0 created, 3 updated\n"


def test_a_200_row_import_takes_a_bounded_number_of_queries(
    tmp_path, resident, django_assert_max_num_queries
):
    rows = generated_rows(200)
    for row in rows[::10]:
        row["owner"] = resident.email
    path = write_csv(tmp_path / "register.csv", rows)
    ListingSettings.load()
    # Lookups (categories, owners, settings, existing refs) and a savepoint, then the writes:
    # on PostgreSQL a COPY per 1,000 rows (after taking their ids, or into a temporary table
    # to update from); elsewhere as few statements as the limit on query parameters allows.
    if connection.vendor == "postgresql":
        inserts, updates = 2, 4
    else:
        fields = [field for field in Listing._meta.concrete_fields if not field.primary_key]
        inserts = math.ceil(200 / connection.ops.bulk_batch_size(fields, rows))
        updates = math.ceil(
            200 / connection.ops.bulk_batch_size(["pk", "pk", *IMPORTED_FIELDS], rows)
        )

    # The search index: the categories, then a few bulk writes for a batch of up to 500 (on
    # PostgreSQL DELETE + COPY in a savepoint, then the words' trigrams).
    index = 6 if connection.vendor == "postgresql" else 4
    with django_assert_max_num_queries(6 + inserts + index):
        result = import_listings(path=path)
    assert (result.created, result.updated) == (200, 0)
    assert len(result.listings) == 200 and all(listing.pk for listing in result.listings)

    with django_assert_max_num_queries(6 + updates + index):
        result = import_listings(path=path)
    assert (result.created, result.updated) == (0, 200)
    assert Listing.objects.filter(owner=resident).count() == 20


def test_a_user_with_another_email_case_still_owns(tmp_path):
    user = UserFactory(email="Mixed.Case@Example.jp")
    path = write_jsonl(tmp_path / "register.jsonl", [listing_row(owner="mixed.case@example.jp")])

    run_import(path)

    assert Listing.objects.get().owner == user
