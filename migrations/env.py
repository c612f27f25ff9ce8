"""Alembic environment for facttrack.

facttrack runs its migrations itself (``facttrack.db.migrate.upgrade``), passing the open connection in
``config.attributes["connection"]`` inside its own transaction. No alembic.ini and no logging
configuration: the application's output stays its own.
"""

from __future__ import annotations

from alembic import context

from facttrack.db.migrate import include_object
from facttrack.db.models import Base


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("facttrack migrations need a connection in config.attributes['connection'] "
                           "(use facttrack.db.migrate.upgrade or alembic_config(connection))")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
