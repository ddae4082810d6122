"""Checking raw rows: every problem in the file is collected, with its line and field."""

import math
import re
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts.languages import SPOKEN_LANGUAGE_CODES
from listings.models import Category

from .fields import (
    BATCH_SIZE,
    DIRECTIONS,
    KINDS,
    PROGRESS_EVERY,
    ImportRefused,
    Progress,
    RawRow,
    RowProblem,
    ValidRow,
)
from .language import detect_language
from .reading import is_blank, plain_value


class _Invalid(Exception):
    pass


def _text(value: Any, *, required: bool, max_length: int) -> str:
    if is_blank(value):
        if required:
            raise _Invalid(_("required"))
        return ""
    value = plain_value(value)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _Invalid(_("must be text"))
    text = str(value).strip()
    if len(text) > max_length:
        raise _Invalid(_("is longer than %(max_length)s characters") % {"max_length": max_length})
    return text


def _choice(value: Any, choices: list[str]) -> str:
    text = _text(value, required=True, max_length=100).lower()
    if text not in choices:
        raise _Invalid(_("must be one of: %(choices)s") % {"choices": ", ".join(choices)})
    return text


def _string_list(value: Any) -> list[str]:
    if is_blank(value):
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Invalid(_("must be a list of texts"))
    return list(dict.fromkeys(item.strip() for item in value if item.strip()))


def _coordinate(value: Any, limit: int) -> float | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise _Invalid(_("must be a number"))
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise _Invalid(_("must be a number")) from None
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise _Invalid(_("must be between %(min)s and %(max)s") % {"min": -limit, "max": limit})
    return number


_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$", re.IGNORECASE)


def _language_tag(value: Any) -> str:
    """A BCP 47 tag in its usual case: `ja`, `zh-Hant`, `pt-BR`."""
    text = _text(value, required=True, max_length=16)
    if not _LANGUAGE_TAG.match(text):
        raise _Invalid(_("is not a BCP 47 language code (like ja, en or pt-BR)"))
    primary, *subtags = text.split("-")
    cased = [primary.lower()]
    for subtag in subtags:
        if len(subtag) == 4 and subtag.isalpha():
            cased.append(subtag.title())
        elif len(subtag) == 2 and subtag.isalpha():
            cased.append(subtag.upper())
        else:
            cased.append(subtag.lower())
    return "-".join(cased)


def _spoken_languages(value: Any) -> list[str]:
    codes = [code.lower() for code in _string_list(value)]
    unknown = [code for code in codes if code not in SPOKEN_LANGUAGE_CODES]
    if unknown:
        raise _Invalid(
            _("unknown language code: %(codes)s (use codes like ja, en, vi, pt, zh, tl)")
            % {"codes": ", ".join(unknown)}
        )
    return codes


def _owner_email(value: Any) -> str:
    return _text(value, required=False, max_length=254).lower()


def validate_rows(rows: list[RawRow], *, progress: Progress | None = None) -> list[ValidRow]:
    """Check every row; ImportRefused lists every problem in the file, or none is raised."""
    categories = dict(
        Category.objects.filter(slug__in=_wanted(rows, "category")).values_list("slug", "pk")
    )
    owners = _users_by_email(
        {email for row in rows if (email := _safe(_owner_email, row.values.get("owner")))}
    )
    problems: list[RowProblem] = []
    valid: list[ValidRow] = []
    line_of_ref: dict[str, int] = {}
    for done, row in enumerate(rows, start=1):
        row_problems = list(row.problems)
        cleaned = _clean_row(row, categories, owners, row_problems)
        ref = cleaned.pop("ref")
        if ref:
            if ref in line_of_ref:
                row_problems.append(
                    RowProblem(
                        row.line,
                        "ref",
                        _("“%(ref)s” is also on line %(line)s")
                        % {"ref": ref, "line": line_of_ref[ref]},
                    )
                )
            else:
                line_of_ref[ref] = row.line
        if row_problems:
            problems.extend(row_problems)
        else:
            valid.append(ValidRow(row.line, ref, cleaned))
        if progress and (done % PROGRESS_EVERY == 0 or done == len(rows)):
            progress("checking", done, len(rows))
    if problems:
        raise ImportRefused(
            _("%(count)s problems found; nothing was imported.") % {"count": len(problems)},
            problems,
        )
    if not valid:
        raise ImportRefused(_("The file has no listings."))
    return valid


def _clean_row(
    row: RawRow,
    categories: dict[str, int],
    owners: dict[str, int],
    problems: list[RowProblem],
) -> dict[str, Any]:
    values = row.values

    def check(name: str, clean: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return clean(values.get(name), *args, **kwargs)
        except _Invalid as error:
            problems.append(RowProblem(row.line, name, str(error)))
            return None

    cleaned = {
        "ref": check("ref", _text, required=True, max_length=100),
        "kind": check("kind", _choice, KINDS),
        "direction": check("direction", _choice, DIRECTIONS),
        "title": check("title", _text, required=True, max_length=120),
        "description": check("description", _text, required=True, max_length=4000),
        "tags": check("tags", _string_list),
        "area": check("area", _text, required=False, max_length=80),
        "latitude": check("lat", _coordinate, 90),
        "longitude": check("lon", _coordinate, 180),
        "spoken_languages": check("spoken_languages", _spoken_languages),
    }
    slug = check("category", _text, required=True, max_length=64)
    if slug:
        cleaned["category_id"] = categories.get(slug)
        if cleaned["category_id"] is None:
            problems.append(
                RowProblem(row.line, "category", _("no category “%(slug)s”") % {"slug": slug})
            )
    email = check("owner", _owner_email)
    cleaned["owner_id"] = owners.get(email) if email else None
    if email and cleaned["owner_id"] is None:
        problems.append(
            RowProblem(
                row.line,
                "owner",
                _("no account has the e-mail address %(email)s") % {"email": email},
            )
        )
    for name, other in (("lat", "lon"), ("lon", "lat")):
        if is_blank(values.get(name)) and not is_blank(values.get(other)):
            problems.append(
                RowProblem(row.line, name, _("required when %(other)s is given") % {"other": other})
            )
    if is_blank(values.get("language")):
        cleaned["language"] = detect_language(
            f"{cleaned['title'] or ''} {cleaned['description'] or ''}"
        )
    else:
        cleaned["language"] = check("language", _language_tag)
    return cleaned


def _wanted(rows: list[RawRow], name: str) -> set[str]:
    return {value.strip() for row in rows if isinstance(value := row.values.get(name), str)}


def _safe(clean: Callable[[Any], str], value: Any) -> str:
    try:
        return clean(value)
    except _Invalid:
        return ""


def _users_by_email(emails: set[str]) -> dict[str, int]:
    """Active accounts by lower-cased e-mail address, in a few queries whatever the file size."""
    found = {}
    ordered = sorted(emails)
    for start in range(0, len(ordered), BATCH_SIZE):
        found.update(
            get_user_model()
            .objects.filter(is_active=True)
            .annotate(email_lower=Lower("email"))
            .filter(email_lower__in=ordered[start : start + BATCH_SIZE])
            .values_list("email_lower", "pk")
        )
    return found
