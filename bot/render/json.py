"""The `--json` answer: canonical keys and plain integers, for scripts and the data desk.

`totals` are the figures each report gives. Where the change counts from something else (the
sum of series merged since, or zero before a category was first listed), `from` also has
`counted_from`, so `to.totals - from.counted_from == change` always holds for a script."""

from __future__ import annotations

from typing import Any

from bot.core.delta import Comparison
from bot.core.reports import Report
from bot.render.context import context_json
from bot.render.flags import flag_json
from bot.render.wording import wording


def _report(report: Report, keys: tuple[str, ...]) -> dict[str, Any]:
    return {
        "date": report.date.isoformat(),
        "day": report.day,
        "totals": {k: report.totals[k] for k in keys if k in report.totals},
        # Who transcribed this report (a figure they disagree on is the one the evidence
        # decided: see its `transcriptions_disagree` flag).
        "transcriptions": list(report.transcriptions or (report.source,)),
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
    words = wording(comparison.lang)
    # A figure no evidence decided between transcriptions: both ends, never one as fact.
    undecided = {
        key: {"change": list(span.change), "total": list(span.totals),
              "disputed": span.report.date.isoformat()}
        for key, span in comparison.uncertain.items()
    }  # fmt: skip
    return {
        "query": query,
        "source": words.source(comparison.feeds),
        "from": base,
        "to": _described(comparison.report, keys),
        "change": dict(comparison.change),
        **({"undecided": undecided} if undecided else {}),
        "flags": [flag_json(flag, words) for flag in comparison.flags],
        "context": context_json(comparison),
    }
