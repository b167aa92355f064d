"""Where the tests find what the machine offers: the real history in ../shared/data, and a
PostgreSQL server (TEST_DATABASE_URL)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project
SHARED_DATA = ROOT.parent / "shared" / "data"
PG_URL = os.environ.get("TEST_DATABASE_URL", "")
PG_SKIP_REASON = "TEST_DATABASE_URL is not set: PostgreSQL storage tests skipped"
