"""A fresh PostgreSQL schema for one test or one benchmark run, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from storage.db import normalise_url


@contextmanager
def fresh_schema(url: str, prefix: str = "t") -> Iterator[str]:
    """`url` with its search path set to a new, empty schema."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as db:
            db.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
