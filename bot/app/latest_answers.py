"""The newest report's answers, computed once per history rather than once per question.

Most questions a desk asks end at the newest report: `/losses`, `since 2022-11-01`, `last 7
days`, `between 1 March and today`. Over all categories, in English and without a gap at the
start, such an answer depends only on the report it counts from, and there is one per earlier
report. Computed, one takes 0.9 ms (a long period's corrections each a note); made in advance,
it is read back in 7 µs. Each is kept as `marshal` bytes (read only by this process)
compressed by Zstandard against five of them as a dictionary: the answers share their wording,
the claims, Oryx's line and the layout, so one keeps 210 bytes (zlib without a dictionary: 1.7
kB, read back in 16 µs) instead of 7 KiB of Python objects: 0.3 MiB over the war in 2026, about
5 MiB at sixteen times its history (the objects would take 190 MiB). zstandard
(python-zstandard, the binding Python 3.14's `compression.zstd` grew from) because it reads
one back in 3 µs where zlib with the same dictionary takes 12 µs (it loads the dictionary each
time).
They are made in a worker thread when the history changes
(`LossesService.refresh_history`, which `serve`'s start awaits): 0.85 s over today's history,
14 s at sixteen times it. Anything else (categories asked for, Ukrainian, a gap, a stale
newest report, a workspace's own claims) is computed as before; the message is the same either
way (tested).
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from datetime import date

import zstandard

from bot.core.answer import Period
from bot.core.delta import compare_reports
from bot.core.freshness import Freshness
from bot.core.query.grammar import Query
from bot.core.reports import History, Report
from bot.render.blocks import SlackMessage, answer_message

Unpack = Callable[[bytes], bytes] | None


def _codec(dictionary: bytes) -> tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]:
    """Compress and decompress against `dictionary`, as raw content: a trained one reads back
    1 µs sooner but can fail on a short history. Level 3, Zstandard's default: level 19 saves
    16 bytes an answer and takes 100 times as long."""
    shared = zstandard.ZstdCompressionDict(dictionary, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
    compressor = zstandard.ZstdCompressor(level=3, dict_data=shared)
    # Used on the event loop only (`Answers`), as a decompressor must be: one at a time.
    decompressor = zstandard.ZstdDecompressor(dict_data=shared)
    # Copied to a bytes of its own size: zstandard's keeps the buffer of the bound it allocated
    # (2.7 kB for 250 bytes: 70 MiB at sixteen times the history, instead of 9).
    return (lambda raw: bytes(memoryview(compressor.compress(raw)))), decompressor.decompress


class LatestAnswers:
    """Thread-safe by replacement: `build` makes a new table off the loop and swaps it in."""

    def __init__(self) -> None:
        self._table: tuple[History | None, dict[date | None, bytes], Unpack] = (None, {}, None)

    def build(self, history: History) -> None:
        """Every answer from an earlier report (or from zero) to `history`'s newest one."""
        latest = history.latest
        if latest is None:
            self._table = (history, {}, None)
            return
        bases = (None, *history.reports[:-1])

        def made(base: Report | None) -> bytes:
            message = answer_message(compare_reports(history, base, latest))
            return marshal.dumps((message.text, message.blocks, message.more))

        # The dictionary: five answers from across the war (from zero, a quarter in, ...).
        picks = {i * (len(bases) - 1) // 4: b"" for i in range(5)}
        for i in picks:
            picks[i] = made(bases[i])
        pack, unpack = _codec(b"".join(picks.values()))
        messages = {
            None if base is None else base.date: pack(picks[i] if i in picks else made(base))
            for i, base in enumerate(bases)
        }
        self._table = (history, messages, unpack)

    def message(
        self,
        history: History,
        query: Query,
        period: Period,
        freshness: Freshness | None,
    ) -> SlackMessage | None:
        """The precomputed message for this comparison, or None where it must be computed."""
        built, messages, unpack = self._table
        if (
            unpack is None
            or built is not history
            or period.report is not history.latest
            or period.gaps
            or query.categories
            or query.context
            or query.lang != "en"
            or (freshness is not None and freshness.stale_flag(period.report) is not None)
        ):
            return None
        base = period.base
        packed = messages.get(None if base is None else base.date)
        if packed is None:
            return None
        text, blocks, more = marshal.loads(unpack(packed))
        return SlackMessage(text, blocks, more)
