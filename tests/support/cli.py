"""`losses-bot` run as a user runs it: a real process against a real database."""

from __future__ import annotations

import asyncio
import os
import sys


async def run(
    database_url: str, *args: str, python_args: bool = False, **env: str
) -> tuple[int, str, str]:
    """`python -m bot ARGS` (or, with `python_args`, `python ARGS`) against the store."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *(args if python_args else ("-m", "bot", *args)),
        # The fixtures are of Nov 2022: answers would all be flagged stale against today.
        env={**os.environ, "DATABASE_URL": database_url, "LOSSES_STALE_AFTER": "400000", **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()
