"""The README and docs/ are what a newsroom developer reads: every command, every Slack word,
every flag kind and every period form they promise is there, each documented example really
parses, and every link between them leads somewhere."""

from __future__ import annotations

import importlib
import re
from datetime import date
from pathlib import Path

import pytest

from bot.app.commands import TABLE as COMMANDS
from bot.cli.main import build_parser
from bot.core.flags import KINDS
from bot.core.query.grammar import Help, Query, parse_query
from tests.support.env import ROOT
from tests.support.phrasings import TABLE

README = (ROOT / "README.md").read_text()
QUERIES = (ROOT / "docs" / "queries.md").read_text()
SLACK = (ROOT / "docs" / "slack.md").read_text()
DOCS = sorted((ROOT / "docs").glob("*.md"))
FLAG_KINDS = ("decrease", "correction", "first_listed", "series_break", "missing", "revised",
              "qualifier", "gap", "partial", "stale", "transcriptions_disagree",
              "stated_change_differs", "measure")  # fmt: skip


def test_every_subcommand_is_documented() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands
    for name in commands:
        assert f"losses-bot {name}" in README, name


@pytest.mark.parametrize("kind", FLAG_KINDS)
def test_every_flag_kind_is_documented(kind: str) -> None:
    assert f"| `{kind}` |" in QUERIES
    assert kind in KINDS
    core = "".join(p.read_text() for p in (ROOT / "bot" / "core").glob("*.py") if p.stem != "flags")
    assert re.search(rf'flag\(\s*"{kind}"', core)  # and the core really raises it


def test_every_slack_word_is_documented() -> None:
    for word in ("public", "help"):
        assert f"/losses {word}" in README or f"/losses … {word}" in README, word
        assert f"/losses {word}" in SLACK or f"/losses … {word}" in SLACK, word
    for entry in COMMANDS:  # the command table's words, English in both pages, all in slack.md
        english = entry.words[0]
        assert f"/losses {english}" in README, english
        for word in entry.words:
            assert f"/losses {word}" in SLACK, word


ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text()


@pytest.mark.parametrize("recipe", ["### Add a subcommand", "### Add a source"])
def test_each_recipe_names_files_and_tables_that_exist(recipe: str) -> None:
    start = ARCHITECTURE.index(recipe)
    end = ARCHITECTURE.find("\n#", start + len(recipe))
    text = ARCHITECTURE[start : end if end > 0 else None]
    paths = re.findall(r"`((?:bot|storage|tests)/[\w/]+\.py)`", text)
    assert len(paths) >= 3
    for path in paths:
        assert (ROOT / path).is_file(), path
    tables = {"TABLE": "bot.app.commands", "SOURCES": "bot.sources.table", "Command":
              "bot.core.query.commands", "register": "bot.app.commands"}  # fmt: skip
    named = [name for name in tables if f"`{name}`" in text]
    assert named
    for name in named:
        assert hasattr(importlib.import_module(tables[name]), name), name


def _documented_forms() -> list[str]:
    section = QUERIES[
        QUERIES.index("Every form the grammar knows") : QUERIES.index("- A whole period")
    ]
    return [f for f in re.findall(r"`([^`]+)`", section) if not f.startswith("(")]


def test_every_documented_form_parses_and_most_are_in_the_phrasing_table() -> None:
    forms = _documented_forms()
    assert len(forms) > 80
    for form in forms:
        assert isinstance(parse_query(form, date(2026, 11, 25)), Query | Help), form
    tested = {text.lower() for pair in TABLE for text in pair}
    untested = [f for f in forms if f.lower() not in tested]
    assert len(untested) < len(forms) // 4, untested


def test_the_readme_is_a_short_front_door() -> None:
    assert len(README.splitlines()) <= 250
    for doc in DOCS:
        assert f"(docs/{doc.name})" in README, doc.name


def _anchors(text: str) -> set[str]:
    """GitHub's anchors for a Markdown file's headings."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        found.add(slug)
    return found


@pytest.mark.parametrize("page", [ROOT / "README.md", *DOCS], ids=lambda p: p.name)
def test_every_link_between_the_pages_leads_somewhere(page: Path) -> None:
    text = page.read_text()
    for target, anchor in re.findall(r"\]\(([\w./-]*?)(?:#([\w-]+))?\)", text):
        if target.startswith(("http", "mailto")):
            continue
        linked = (page.parent / target).resolve() if target else page
        assert linked.exists(), f"{page.name}: {target}"
        if anchor:
            assert anchor in _anchors(linked.read_text()), f"{page.name}: {target}#{anchor}"


def test_the_categories_page_lists_every_categorys_words_in_both_languages() -> None:
    """docs/categories.md is the table in `bot/core/categories.py` and `bot/render/directions.py`,
    row for row."""
    from bot.core.categories import KNOWN_CATEGORIES
    from bot.render.directions import UK_DIRECTIONS

    page = (ROOT / "docs" / "categories.md").read_text()
    for c in KNOWN_CATEGORIES:
        one, few, many = c.uk_counted
        row = f"| `{c.key}` | {c.singular} | {c.plural} | {c.uk} | 1 {one} | 2 {few} | 5 {many} |"
        assert row in page, c.key
    for place, adjective in UK_DIRECTIONS.items():
        assert f"| {place} | in the {place} direction | на {adjective} напрямку |" in page


def test_the_parties_page_is_the_parties_table() -> None:
    """docs/parties.md is `bot/core/parties.py`, row for row, and its Ukrainian names of
    speakers, sources and qualifiers; nothing more."""
    from bot.core.parties import GROUP_NAMES, GROUPS, PARTIES, SOURCES_UK, SPEAKERS_UK
    from bot.render.context import _QUALIFIERS_UK

    page = (ROOT / "docs" / "parties.md").read_text()
    rows = {
        f"| {' / '.join(p.spellings)} | {p.group} | {p.en} | {p.uk} | {p.pronoun} | {p.gender} |"
        for p in PARTIES
    }
    names = {f"| {k} | {v} |" for k, v in {**SPEAKERS_UK, **SOURCES_UK, **_QUALIFIERS_UK}.items()}
    listed = {line for line in page.splitlines() if line.startswith("| ") and "---" not in line}
    assert listed - {"| spellings | group | English | Ukrainian | pronoun | gender |",
                     "| English | Ukrainian |"} == rows | names  # fmt: skip
    for n, group in enumerate(GROUPS, start=1):
        assert f"{n}. {GROUP_NAMES[group]}" in page
