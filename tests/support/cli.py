"""`losses-bot` run as a user runs it: a real process against a real database."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.support.env import ROOT


async def run(
    database_url: str,
    *args: str,
    python_args: bool = False,
    cwd: str | None = None,
    **env: str,
) -> tuple[int, str, str]:
    """`python -m bot ARGS` (or, with `python_args`, `python ARGS`) against the store, from the
    folder `cwd` (default: this one); an empty `database_url` leaves DATABASE_URL unset."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *(args if python_args else ("-m", "bot", *args)),
        cwd=cwd,
        # The fixtures are of Nov 2022: answers would all be flagged stale against today.
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            **({"DATABASE_URL": database_url} if database_url else {}),
            "PYTHONPATH": str(ROOT),  # `-m bot` from any folder
            "LOSSES_STALE_AFTER": "400000",
            **env,
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()
