"""The Economist's model fits in the store: each import of a meta-estimate file is a snapshot
(`model_fits`, one per kind and fit date, with every day's estimate in `model_points`), read
with the history (`storage.history.read_models`, the newest fit of each kind). Importing the
same fit again changes nothing; a fit of the same date with other figures replaces it (a new
row, so every process sees the store changed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from bot.core.economist import ModelFit, ModelPoint
from storage.corrections import Tally
from storage.models import model_fits as fits_t
from storage.models import model_points as points_t

FIGURES = ("estimate", "ci_lower", "ci_upper", "pi_low", "pi_high")


KEEP_FITS = 3  # the newest fits of each kind: the one cited, and two to compare it with


def store_fit(db: Connection, fit: ModelFit, origin: str, imported_at: datetime) -> Tally:
    """One fit: new, unchanged (held with the same figures) or restated (replaced)."""
    held = db.execute(
        select(fits_t.c.id).where(fits_t.c.kind == fit.kind, fits_t.c.fitted_on == fit.fitted_on)
    ).scalar_one_or_none()
    if held is not None:
        if _points(db, held) == fit.points:
            return Tally(unchanged=1)
        db.execute(delete(points_t).where(points_t.c.fit_id == held))
        db.execute(delete(fits_t).where(fits_t.c.id == held))
    fit_id = db.execute(
        insert(fits_t).returning(fits_t.c.id),
        {"kind": fit.kind, "fitted_on": fit.fitted_on, "imported_at": imported_at,
         "origin": origin[:500]},
    ).scalar_one()  # fmt: skip
    db.execute(
        insert(points_t),
        [{"fit_id": fit_id, "date": p.day, **{f: getattr(p, f) for f in FIGURES}}
         for p in fit.points],
    )  # fmt: skip
    _prune(db, fit.kind)
    return Tally(new=1) if held is None else Tally(restated=1)


def _prune(db: Connection, kind: str) -> None:
    """Only the newest `KEEP_FITS` fits of a kind are kept: answers cite the newest, and each
    fit is a whole war's days (1,640 rows in 2026), so a daily refresh would grow for ever."""
    old = (
        db.execute(
            select(fits_t.c.id)
            .where(fits_t.c.kind == kind)
            .order_by(fits_t.c.fitted_on.desc())
            .offset(KEEP_FITS)
        )
        .scalars()
        .all()
    )
    if old:
        db.execute(delete(points_t).where(points_t.c.fit_id.in_(old)))
        db.execute(delete(fits_t).where(fits_t.c.id.in_(old)))


def _points(db: Connection, fit_id: int) -> tuple[ModelPoint, ...]:
    rows = db.execute(
        select(points_t.c.date, *(points_t.c[f] for f in FIGURES))
        .where(points_t.c.fit_id == fit_id)
        .order_by(points_t.c.date)
    )
    return tuple(ModelPoint(day, *map(float, figures)) for day, *figures in rows)
