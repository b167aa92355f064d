"""The Economist's model, refreshed from its public files (`LOSSES_ESTIMATES_URL`, daily when
set): each day's files are a new fit of the whole war, stored as a snapshot beside the last
(`storage.estimates`). A failed fetch or a file that does not parse stores nothing and is
logged; the answers keep citing the fit they have, with its date."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

import aiohttp
from sqlalchemy import Engine

from bot.clock import kyiv_today
from bot.core.economist import (
    MAX_MODEL_BYTES,
    MODEL_KINDS,
    ModelFileError,
    ModelFit,
    parse_model,
)
from bot.sources.base import SourceError
from bot.sources.http import get_bytes, redact_url
from storage.corrections import Tally
from storage.estimates import store_fit

log = logging.getLogger(__name__)
FILES = {kind: f"meta-estimate-{kind}.csv" for kind in MODEL_KINDS}  # upstream's names


async def refresh_fits(
    session: aiohttp.ClientSession, folder: str, engine: Engine, now: datetime
) -> Tally:
    """Fetch both files and store each fit that is new; what happened, counted."""
    fits: list[tuple[str, ModelFit]] = []
    for kind, name in FILES.items():
        url = folder + name
        try:
            body = await get_bytes(session, url, MAX_MODEL_BYTES)
            fit = parse_model(body.decode("utf-8"), redact_url(url), kyiv_today(now))
        except (SourceError, ModelFileError, UnicodeDecodeError) as error:
            log.warning("The Economist's %s model: not refreshed: %s", kind, error)
            continue
        if fit.kind != kind:
            log.warning("The Economist's %s model: %s holds %s", kind, name, fit.kind)
            continue
        fits.append((redact_url(url), fit))
    return await asyncio.to_thread(_store, engine, fits, now)


def _store(engine: Engine, fits: list[tuple[str, ModelFit]], now: datetime) -> Tally:
    done = Tally()
    with engine.begin() as db:
        for origin, fit in fits:
            done += store_fit(db, fit, origin, now)
    if fits:
        log.info("The Economist's model: %s", done.summary())
    return done
