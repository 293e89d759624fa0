"""Two database roles on PostgreSQL (README, "Database roles and the audit trail"):
the owner, who runs `patuh desk migrate`, and the role `patuh desk serve` connects as,
which may read and write the desk's tables but on the audit log only read and append.
So a server, or whoever takes it over, cannot UPDATE, DELETE or TRUNCATE an event, nor
switch off the triggers that refuse it (only a table's owner may): the audit log's
append-only rule does not rest on the application alone.

- web_role_grants(role) -> list[str]   the statements, for the owner to run
- grant_web_role(role)                 run them on the desk's database (as its owner)
"""

from __future__ import annotations

from django.db import connection

AUDIT_TABLE = "desk_auditevent"
MIGRATIONS_TABLE = "django_migrations"


class NotPostgres(Exception):
    """Roles are PostgreSQL's: an SQLite file is guarded by its file permissions."""


def web_role_grants(role: str) -> list[str]:
    """What the serving role gets, in the schema the desk's tables are in: every table
    read and write, except the audit log (read and append only) and the migrations'
    record (read only, so `serve` can tell an out-of-date schema); the sequences
    their ids come from. And the same on tables later migrations make."""
    name = connection.ops.quote_name(role)
    return [
        f"GRANT USAGE ON SCHEMA public TO {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {AUDIT_TABLE} FROM {name}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {MIGRATIONS_TABLE} FROM {name}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {name}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {name}",
    ]


def grant_web_role(role: str) -> list[str]:
    """Run web_role_grants on the desk's database, in one transaction; answers them."""
    if connection.vendor != "postgresql":
        raise NotPostgres(connection.vendor)
    from django.db import transaction

    statements = web_role_grants(role)
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements
