"""How the code is kept: short functions, and tests that mirror the layers."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LONGEST = 60  # lines, from `def` to its last line
REASON = "# Long:"  # a longer function says why in one line, inside it


def _functions(path: Path) -> list[tuple[str, int, str]]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            end = node.end_lineno or node.lineno
            body = "\n".join(lines[node.lineno - 1 : end])
            found.append((node.name, end - node.lineno + 1, body))
    return found


def test_no_function_is_longer_than_sixty_lines_without_a_reason() -> None:
    long = [
        f"{path.relative_to(ROOT)}: {name} ({length} lines)"
        for package in ("bot", "storage")
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for name, length, body in _functions(path)
        if length > LONGEST and REASON not in body
    ]
    assert not long, "split these, or give the reason in a `# Long:` line:\n" + "\n".join(long)


def test_the_checker_sees_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(LONGEST))
    (tmp_path / "m.py").write_text(f"def f() -> None:\n{body}\n")
    [(name, length, text)] = _functions(tmp_path / "m.py")
    assert (name, length) == ("f", LONGEST + 1) and REASON not in text


# What the tests of each layer may import of the project: their layer and the ones below it.
BELOW = {
    "core": ("bot.core",),
    "render": ("bot.core", "bot.render"),
    "sources": ("bot.core", "bot.sources"),
    "storage": ("bot.core", "storage"),
    "app": ("bot.core", "bot.render", "bot.sources", "storage", "bot.app", "bot.settings",
            "bot.clock"),
    "slack": ("bot.core", "bot.render", "bot.sources", "storage", "bot.app", "bot.settings",
              "bot.clock", "bot.slack", "bot.web", "bot.run"),
    "cli": ("bot", "storage"),
}  # fmt: skip


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def test_tests_mirror_the_layers_and_share_only_tests_support() -> None:
    folders = {p.name for p in (ROOT / "tests").iterdir() if (p / "__init__.py").exists()}
    assert folders == {*BELOW, "support"}
    wrong = []
    for layer, allowed in BELOW.items():
        for path in sorted((ROOT / "tests" / layer).glob("*.py")):
            for name in _imports(path):
                ours = name.split(".")[0] in ("bot", "storage")
                if ours and not name.startswith(allowed):
                    wrong.append(f"tests/{layer}/{path.name} imports {name}")
                if name.startswith("tests.") and not name.startswith("tests.support"):
                    wrong.append(f"tests/{layer}/{path.name} imports another test: {name}")
    assert not wrong, "\n".join(wrong)
