"""Every user-facing string has a Japanese and an English translation in site/locale."""

import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import skip_or_fail

STATISTICS = re.compile(
    r"(?P<translated>\d+) translated messages?"
    r"(?:, (?P<fuzzy>\d+) fuzzy translations?)?"
    r"(?:, (?P<untranslated>\d+) untranslated messages?)?"
)


def catalog_statistics(po_file) -> dict[str, int]:
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check-format", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    match = STATISTICS.search(result.stderr)
    assert match, result.stderr
    return {key: int(value or 0) for key, value in match.groupdict().items()}


SOURCE_IGNORED = [".venv", ".git", "staticfiles", "media", "tests", "benchmarks", "*.sqlite3"]


@pytest.fixture
def fresh_catalogs(tmp_path, settings, monkeypatch):
    """A copy of the committed catalogs, merged with every msgid the source code holds today.

    makemessages runs on a copy of the source tree, so the real catalogs are never touched.
    """
    if shutil.which("msgfmt") is None or shutil.which("xgettext") is None:
        skip_or_fail("GNU gettext (xgettext, msgfmt) is not installed")
    source = tmp_path / "source"
    shutil.copytree(
        settings.BASE_DIR,
        source,
        ignore=shutil.ignore_patterns(*SOURCE_IGNORED, "__pycache__", "*.mo"),
    )
    locale_dir = source / "site" / "locale"
    settings.LOCALE_PATHS = [locale_dir]
    monkeypatch.chdir(source)
    call_command(
        "makemessages",
        locale=[code for code, _name in settings.LANGUAGES],
        no_obsolete=True,
        verbosity=0,
    )
    return locale_dir


@pytest.mark.parametrize("language", ["ja", "en"])
def test_catalog_translates_every_source_string(fresh_catalogs, language):
    po_file = fresh_catalogs / language / "LC_MESSAGES" / "django.po"
    stats = catalog_statistics(po_file)
    assert stats["translated"] > 100
    assert stats["untranslated"] == 0 and stats["fuzzy"] == 0, (
        f"{language}: {stats['untranslated']} untranslated and {stats['fuzzy']} fuzzy messages. "
        "Run `make messages` and translate site/locale/"
        f"{language}/LC_MESSAGES/django.po."
    )


def test_every_site_language_has_a_catalog():
    codes = [code for code, _name in settings.LANGUAGES]
    assert codes[:2] == ["ja", "en"]
    for code in codes:
        assert (settings.BASE_DIR / "site" / "locale" / code / "LC_MESSAGES" / "django.po").exists()


# Our catalog comes first for every msgid, so an msgid that a dependency (Django, allauth,
# Wagtail's admin) also translates changes their screens too. These were read and mean the
# same thing in both places, only worded for Yui; any other difference must get its own msgid
# or a context (`pgettext`, `{% translate … context … %}`): "Confirm" once turned allauth's
# e-mail confirmation button into "参加を確定する", and "New" (an item's condition) Wagtail's
# "新規作成" into "新品".
SAME_MEANING = {
    ", ", "Action", "Admin", "Approve", "Approved", "Burmese", "Cancel", "Clear all filters",
    "Context:", "Created", "English", "Field", "Phone", "Publish", "Save",
    "Skip to main content", "Sort", "Status", "Tags", "Text", "created at", "description",
    "expires at", "owner", "required", "status", "user",
}  # fmt: skip


def dependency_catalogs(language: str) -> dict[str, dict[str, str]]:
    import gettext
    from pathlib import Path

    import django
    from django.apps import apps

    found = {"django": Path(django.__file__).parent / "conf" / "locale"}
    for config in apps.get_app_configs():
        found[config.label] = Path(config.path) / "locale"
    catalogs = {}
    for name, locale_dir in found.items():
        if locale_dir.resolve() == settings.LOCALE_PATHS[0].resolve() or not locale_dir.exists():
            continue
        try:
            translation = gettext.translation("django", str(locale_dir), [language])
        except OSError:
            continue
        catalogs[name] = translation._catalog
    return catalogs


def test_no_msgid_of_ours_changes_what_a_dependency_says():
    import gettext

    ours = gettext.translation("django", str(settings.LOCALE_PATHS[0]), ["ja"])._catalog
    clashes = set()
    for name, theirs in dependency_catalogs("ja").items():
        for msgid, text in ours.items():
            if not isinstance(msgid, str) or not msgid or "\x04" in msgid:
                continue  # plurals, the header, msgids with a context
            if msgid in theirs and theirs[msgid] != text and msgid not in SAME_MEANING:
                clashes.add(f"{msgid!r}: ours {text!r}, {name} {theirs[msgid]!r}")
    assert not clashes, "\n".join(sorted(clashes))
