"""Writing many listings in few statements: COPY on PostgreSQL, bulk statements elsewhere.

Django's ``bulk_create`` and ``bulk_update`` compile every value of every row into the SQL
and, with psycopg's client-side binding, quote each one in Python: at import sizes that costs
more than the database's own work. On PostgreSQL rows are streamed with ``COPY`` instead
(psycopg formats them in C); other databases (SQLite in development) keep the bulk statements.
Identifiers come from the model's metadata; every value travels as data, never as SQL.
"""

import functools
from collections.abc import Sequence

from django.db import connection

from listings.models import Listing

from .fields import IMPORTED_FIELDS

_UPDATE_TABLE = "listings_import_update"
# Field types whose validated Python values psycopg writes unchanged.
_PLAIN_TYPES = frozenset(
    {
        "CharField",
        "TextField",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "BigIntegerField",
        "FloatField",
        "BooleanField",
        "DateTimeField",
        "ForeignKey",
        "UUIDField",
    }
)


def insert_listings(listings: Sequence[Listing]) -> None:
    """Insert new ``listings`` and set their primary keys, as ``bulk_create`` does."""
    if not listings:
        return
    if connection.vendor != "postgresql":
        Listing.objects.bulk_create(listings)
        return
    meta = Listing._meta
    quote = connection.ops.quote_name
    table = meta.db_table
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, meta.pk.column, len(listings)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        columns = ", ".join(
            quote(column) for column in [meta.pk.column] + [f.column for f in fields]
        )
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                for listing in listings:
                    field.pre_save(listing, True)
        adapt = [_copy_adapter(field) for field in fields]
        attnames = [field.attname for field in fields]
        with cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for listing, pk in zip(listings, ids, strict=True):
                listing.pk = pk
                values = listing.__dict__
                copy.write_row(
                    [pk]
                    + [
                        convert(values[name]) if convert else values[name]
                        for name, convert in zip(attnames, adapt, strict=True)
                    ]
                )
    for listing in listings:
        listing._state.adding = False
        listing._state.db = connection.alias


def _copy_adapter(field):
    """How a value of ``field`` reaches the database: None when the driver takes the Python
    value as it is (text, numbers, aware datetimes, None), else the field's own conversion
    (JSON). The values were checked on the way in: there is nothing left to prepare."""
    if field.get_internal_type() in _PLAIN_TYPES and connection.vendor == "postgresql":
        return None
    return functools.partial(_prep_value, field)


def _prep_value(field, value):
    return field.get_db_prep_save(value, connection)


def update_listings(listings: Sequence[Listing]) -> None:
    """Write the IMPORTED_FIELDS of existing ``listings``.

    Not ``bulk_update``: its CASE WHEN per field and row compiles at about 100 rows/s.
    PostgreSQL copies the new values into a temporary table and updates from it in one
    statement; other databases run an executemany of one UPDATE."""
    if not listings:
        return
    meta = Listing._meta
    fields = [meta.get_field(name) for name in IMPORTED_FIELDS]
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    adapt = [_copy_adapter(field) for field in fields]
    attnames = [field.attname for field in fields]
    rows = [
        [
            convert(values[name]) if convert else values[name]
            for name, convert in zip(attnames, adapt, strict=True)
        ]
        + [listing.pk]
        for listing in listings
        for values in [listing.__dict__]
    ]
    columns = [quote(field.column) for field in fields]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The temporary table has the listing table's column types and no constraints.
            cursor.execute(
                f"CREATE TEMPORARY TABLE {_UPDATE_TABLE} AS "  # noqa: S608
                f"SELECT {', '.join(columns)}, {pk} FROM {table} WITH NO DATA"
            )
            with cursor.copy(f"COPY {_UPDATE_TABLE} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            assignments = ", ".join(f"{column} = v.{column}" for column in columns)
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM {_UPDATE_TABLE} AS v "  # noqa: S608
                f"WHERE {table}.{pk} = v.{pk}"
            )
            cursor.execute(f"DROP TABLE {_UPDATE_TABLE}")
        else:
            assignments = ", ".join(f"{column} = %s" for column in columns)
            sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
            cursor.executemany(sql, rows)
