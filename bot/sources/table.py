"""The transcriptions the bot reads, in one table: a new source is one module and one entry.

Settings (`LOSSES_SOURCES`), polling, imports and the CLI's `import --as` all read this table.
An entry names its module rather than importing it: settings and a cold `ask` read the table,
and a source module pulls in aiohttp (about 40 ms of a cold CLI).

A source module gives `CLIENT` (an `HttpSource` that polls it), `parse(payload, where, checks)`
(the reports in one imported file) and `looks_like(payload)` (whether an imported file has its
shape); `tests/cli/test_source_table.py` checks that each entry's module does.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from bot.core.reports import Report
    from bot.sources.base import Checks
    from bot.sources.http import HttpSource


class SourceModule(Protocol):
    CLIENT: type[HttpSource]
    parse: Callable[[Any, str, Checks | None], list[Report]]
    looks_like: Callable[[Any], bool]


@dataclass(frozen=True)
class SourceKind:
    kind: str  # as `LOSSES_SOURCES` and `import --as` name it
    name: str  # the transcription's name, as stored and cited in answers
    url: str  # read from unless `LOSSES_SOURCES` gives another URL
    module: str  # the module that reads it (see the module docstring)
    # Its shape test accepts what the others' refine (any list): tried after them on import.
    general_shape: bool = False

    def load(self) -> SourceModule:
        return cast("SourceModule", importlib.import_module(self.module))


# In the default order of preference: where transcriptions disagree and no evidence decides,
# the first gives the figure used for arithmetic. Measured: where a stated change decides a
# dispute on the real history, the dataset gave that figure 14 times, orc-losses never.
SOURCES = (
    SourceKind(
        "russianwarship", "russianwarship.rip", "https://russianwarship.rip/api/v2",
        "bot.sources.russianwarship",
    ),
    SourceKind(
        "dataset", "2022-Ukraine-Russia-War-Dataset",
        "https://raw.githubusercontent.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset/main/data",
        "bot.sources.dataset", general_shape=True,
    ),
    SourceKind(
        "orc-losses", "orc-losses",
        "https://raw.githubusercontent.com/lod-db/orc-losses/main/russian-losses.json",
        "bot.sources.orc_losses",
    ),
)  # fmt: skip
BY_KIND = {source.kind: source for source in SOURCES}
NAMES = tuple(source.name for source in SOURCES)  # the default order, by transcription name


def source(kind: str) -> SourceKind:
    return BY_KIND[kind]


def by_shape() -> tuple[SourceKind, ...]:
    """The order an import tries the shape tests in: the general ones last."""
    return tuple(sorted(SOURCES, key=lambda s: s.general_shape))
