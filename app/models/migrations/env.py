"""Alembic environment. The app passes an open connection in `config.attributes`;
the alembic CLI falls back to the configured database."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from app.config import AppPaths, database_url
from app.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url") or database_url(AppPaths.from_environment())
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
