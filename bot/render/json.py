"""The `--json` answer: canonical keys and plain integers, for scripts and the data desk."""

from __future__ import annotations

from typing import Any

from bot.delta import Comparison
from bot.reports import Report


def _report(report: Report, keys: tuple[str, ...]) -> dict[str, Any]:
    return {
        "date": report.date.isoformat(),
        "day": report.day,
        "totals": {k: report.totals[k] for k in keys if k in report.totals},
    }


def answer_json(query: str, comparison: Comparison) -> dict[str, Any]:
    keys = comparison.categories
    return {
        "query": query,
        "source": comparison.source,
        "from": None if comparison.base is None else _report(comparison.base, keys),
        "to": _report(comparison.report, keys),
        "change": dict(comparison.change),
        "flags": [flag.as_dict() for flag in comparison.flags],
    }
