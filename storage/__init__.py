"""The SQL store: models, migrations, and the modules that read and write each part of it."""

# The newest migration (`storage/migrations/versions`); a test keeps it equal to Alembic's head.
# Here, not in `storage.db`, so a read that skips SQLAlchemy (`storage.direct`) can check it.
SCHEMA_HEAD = "0024"


class StoreUnavailable(Exception):
    """The database cannot be used: `str()` is one line naming DATABASE_URL, never a password."""
