"""The `--json` answer: canonical keys and plain integers, for scripts and the data desk.

`totals` are the figures each report gives. Where the change counts from something else (the
sum of series merged since, or zero before a category was first listed), `from` also has
`counted_from`, so `to.totals - from.counted_from == change` always holds for a script."""

from __future__ import annotations

from typing import Any

from bot.claims import claim_json
from bot.delta import Comparison
from bot.oryx import oryx_json
from bot.reports import Report


def _report(report: Report, keys: tuple[str, ...]) -> dict[str, Any]:
    return {
        "date": report.date.isoformat(),
        "day": report.day,
        "totals": {k: report.totals[k] for k in keys if k in report.totals},
    }


def _described(report: Report, keys: tuple[str, ...]) -> dict[str, Any]:
    """The report the answer is about: also where most losses were (null when not said)."""
    return {**_report(report, keys), "directions": report.directions}


def answer_json(query: str, comparison: Comparison) -> dict[str, Any]:
    keys = comparison.categories
    base = None
    if comparison.base is not None:
        base = _report(comparison.base, keys)
        counted = {k: v for k, v in comparison.counted_from.items() if base["totals"].get(k) != v}
        if counted:
            base["counted_from"] = counted
    return {
        "query": query,
        "source": comparison.source,
        "from": base,
        "to": _described(comparison.report, keys),
        "change": dict(comparison.change),
        "flags": [flag.as_dict() for flag in comparison.flags],
        "context": [
            *(claim_json(claim) for claim in comparison.context),
            *(oryx_json(comparison.confirmed) if comparison.confirmed is not None else ()),
        ],
    }
