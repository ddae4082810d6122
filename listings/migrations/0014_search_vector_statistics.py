"""Search documents tuned for bounded searches (``listings.search.window``; PostgreSQL only,
nothing on SQLite).

- Finer statistics on the terms: with 10,000 terms tracked instead of 1,000, a term ANALYZE
  does not list is known to be rare, so a search for it ranks every match.
- No parallel scans of the table: a search reads a few hundred documents, and starting
  parallel workers costs more than that.
"""

from django.db import migrations

TABLE = "listings_listingsearchdocument"


def tune(statistics: int, parallel: str):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE {TABLE} ALTER COLUMN vector SET STATISTICS {statistics}"
            )
            schema_editor.execute(f"ALTER TABLE {TABLE} {parallel}")

    return operation


class Migration(migrations.Migration):
    dependencies = [("listings", "0013_listing_community")]

    operations = [
        migrations.RunPython(
            tune(1000, "SET (parallel_workers = 0)"), tune(-1, "RESET (parallel_workers)")
        )
    ]
