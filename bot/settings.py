"""Configuration: read from the environment in this one place, validated at start.

Every error names the variable, in one line, so an operator knows what to fix. Nothing else in
the project reads `os.environ`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Where each kind of source is read from unless LOSSES_SOURCE_URL says otherwise.
SOURCE_URLS = {
    "russianwarship": "https://russianwarship.rip/api/v2",
    "dataset": "https://raw.githubusercontent.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset/main/data",
}


class SettingsError(ValueError):
    """A missing or malformed variable; the message starts with its name."""


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///losses.db"
    source: str = "russianwarship"  # LOSSES_SOURCE: russianwarship | dataset
    source_url: str = SOURCE_URLS["russianwarship"]
    refetch_days: int = 3  # sources restate recent reports: re-read this many days each poll


def _int(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name}: must be between {low} and {high}, got {value}")
    return value


def load_settings(environ: Mapping[str, str]) -> Settings:
    database_url = environ.get("DATABASE_URL", "").strip() or Settings.database_url
    if "://" not in database_url:
        raise SettingsError(f"DATABASE_URL: not a database URL: {database_url.split(':')[0]!r}")
    source = environ.get("LOSSES_SOURCE", "").strip().lower() or Settings.source
    if source not in SOURCE_URLS:
        raise SettingsError(
            f"LOSSES_SOURCE: expected one of {', '.join(SOURCE_URLS)}, got {source!r}"
        )
    source_url = environ.get("LOSSES_SOURCE_URL", "").strip() or SOURCE_URLS[source]
    if not source_url.startswith(("http://", "https://")):
        raise SettingsError(f"LOSSES_SOURCE_URL: expected an http(s) URL, got {source_url!r}")
    return Settings(
        database_url=database_url,
        source=source,
        source_url=source_url,
        refetch_days=_int(environ, "LOSSES_REFETCH_DAYS", Settings.refetch_days, 0, 60),
    )
