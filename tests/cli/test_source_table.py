"""The source table is the one place a source is registered: every reader of it agrees."""

from __future__ import annotations

import argparse

from bot.app.importer import IMPORT_ORDER, parse_payload
from bot.cli.main import build_parser
from bot.settings import Settings, load_settings
from bot.sources.base import Checks
from bot.sources.http import HttpSource
from bot.sources.table import BY_KIND, SOURCES, by_shape


def test_every_entry_names_a_module_that_reads_it() -> None:
    for entry in SOURCES:
        module = entry.load()
        assert issubclass(module.CLIENT, HttpSource)
        assert module.CLIENT.name == entry.name  # the name the client stores is the table's
        assert callable(module.parse) and callable(module.looks_like)


def test_settings_polling_imports_and_the_cli_read_the_table() -> None:
    assert Settings().sources == tuple((s.kind, s.url) for s in SOURCES)
    assert list(IMPORT_ORDER) == [s.name for s in SOURCES]
    env = load_settings({"LOSSES_SOURCES": "orc-losses,dataset"})
    assert [kind for kind, _ in env.sources] == ["orc-losses", "dataset"]
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    as_ = next(a for a in sub.choices["import"]._actions if a.dest == "as_")
    assert list(as_.choices) == list(BY_KIND)


def test_an_import_tries_the_general_shape_last() -> None:
    assert by_shape()[-1].general_shape and not any(s.general_shape for s in by_shape()[:-1])
    record = {"date": "2022-11-24", "personnel": 85720, "sourceUri": "https://x/a"}
    # A list with orc-losses' keys is orc-losses, though the dataset accepts any list.
    [report] = parse_payload("f.json", [record], Checks())
    assert report.source == BY_KIND["orc-losses"].name
