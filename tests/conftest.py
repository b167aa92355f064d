"""The shared fixtures live in `tests/support/fixtures.py`; pytest finds them through here."""

from tests.support.fixtures import *  # noqa: F403
