"""Trigram indexes for the check-in desk's search, on PostgreSQL only.

`icontains` compiles on PostgreSQL to `UPPER("table"."column"::text) LIKE UPPER('%text%')`;
a GIN `gin_trgm_ops` index on exactly `UPPER(column::text)` lets the planner answer each
such test from the index instead of reading every delegate. Needs the pg_trgm extension
(PostgreSQL contrib) and a role allowed to create it. On SQLite the migration does
nothing. Reversing drops the indexes and leaves the extension.
"""

from django.db import migrations

# (table, column): the columns `delegations.attendance.desk._desk_match` searches.
SEARCHED = [
    ("delegations_delegate", "full_name_en"),
    ("delegations_delegate", "full_name_zh_hans"),
    ("delegations_delegate", "full_name_ar"),
    ("delegations_delegate", "email"),
    ("delegations_delegate", "organisation"),
    ("delegations_delegation", "name_en"),
    ("delegations_delegation", "name_zh_hans"),
    ("delegations_delegation", "name_ar"),
]


def _index_name(table: str, column: str) -> str:
    return f"{table.removeprefix('delegations_')}_{column}_trgm"


def create_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in SEARCHED:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_index_name(table, column)}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in SEARCHED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_index_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [("delegations", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
