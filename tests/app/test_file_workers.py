"""Files are made in a process of their own (`bot.app.file_workers`). The history reaches it
pickled, once per history, and answers there as it does here. A process that dies fails its job,
and the next file starts another."""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.app.artifacts import Artifact, export_artifact
from bot.app.file_workers import FileJob, FileWorkers, JobDied
from bot.core.reports import History
from storage.history import load_history
from tests.support.payloads import report
from tests.support.store import fill


def test_a_stored_history_answers_alike_after_the_trip_to_the_file_process(
    engine: Engine,
) -> None:
    fill(engine)  # qualifiers, restated figures, corrections, claims, Oryx's counts
    with engine.connect() as db:
        history = load_history(db)
    copied = pickle.loads(pickle.dumps(history, pickle.HIGHEST_PROTOCOL))

    assert copied.reports == history.reports
    assert copied.corrections == history.corrections and copied.claims == history.claims
    latest = copied.on(date(2022, 11, 24))
    assert latest is not None and latest.first_reported == {"tanks": 2898}
    assert copied.on(date(2022, 11, 23)).disputed == {"tanks": {"test": 2895, "wire-copy": 2894}}  # type: ignore[union-attr]
    on = date(2022, 11, 24)
    assert export_artifact("since 2022-02-24", copied, on) == export_artifact(
        "since 2022-02-24", history, on
    )
    # A workspace's view goes with its own claims only.
    view = pickle.loads(pickle.dumps(history.for_team("T2")))
    assert [c.team_id for c in view.claims] == [None]


def where_made(history: History, label: str) -> Artifact:
    """Runs in the file process: which process, which history object, which newest report."""
    assert history.latest is not None
    made = f"{os.getpid()} {id(history)} {history.latest.date}"
    return Artifact(made.encode(), label, label, label)


def die(_history: History) -> Artifact:
    os._exit(3)


async def test_files_are_made_in_one_other_process_that_holds_each_history_once() -> None:
    older = History([report("2022-11-23", tanks=2895)])
    newer = History([report("2022-11-23", tanks=2895), report("2022-11-24", tanks=2898)])
    workers = FileWorkers()
    try:
        made = [
            (await workers.make(FileJob(where_made, history, ("f",)), admitted=False)).data.split()
            for history in (older, older, newer, newer)
        ]
    finally:
        workers.shutdown()
    pids = {pid for pid, _, _ in made}
    assert len(pids) == 1 and int(pids.pop()) != os.getpid()
    # Unpickled again, the history would be a new object beside the one held.
    assert made[0][1] == made[1][1] and made[2][1] == made[3][1]
    assert [day for _, _, day in made] == [b"2022-11-23"] * 2 + [b"2022-11-24"] * 2


async def test_a_file_process_that_dies_fails_its_job_and_the_next_file_is_made() -> None:
    history = History([report("2022-11-24", tanks=2898)])
    workers = FileWorkers()
    try:
        assert workers.admit()
        with pytest.raises(JobDied):
            await workers.make(FileJob(die, history))
        assert workers.in_hand == 0  # counted out, so it holds no place in the queue
        made = await workers.make(FileJob(where_made, history, ("again",)), admitted=False)
    finally:
        workers.shutdown()
    assert made.data.endswith(b"2022-11-24") and made.filename == "again"


def slow(history: History, started: str) -> Artifact:
    """Runs in the file process: says it started (its pid, in a file), then takes its time."""
    Path(started).write_text(str(os.getpid()))
    time.sleep(30)
    return where_made(history, "slow")


async def test_a_process_killed_while_idle_is_replaced_for_the_request_at_hand() -> None:
    history = History([report("2022-11-24", tanks=2898)])
    workers = FileWorkers()
    try:
        first = await workers.make(FileJob(where_made, history, ("first",)), admitted=False)
        pid = int(first.data.split()[0])
        os.kill(pid, signal.SIGKILL)
        await asyncio.sleep(0.5)  # the pool notices its process is gone
        again = await workers.make(FileJob(where_made, history, ("again",)), admitted=False)
    finally:
        workers.shutdown()
    assert again.filename == "again" and int(again.data.split()[0]) not in (pid, os.getpid())


async def test_a_process_killed_mid_job_fails_that_job_with_job_died(tmp_path: Path) -> None:
    history = History([report("2022-11-24", tanks=2898)])
    started = tmp_path / "started"
    workers = FileWorkers()
    try:
        job = asyncio.ensure_future(
            workers.make(FileJob(slow, history, (str(started),)), admitted=False)
        )
        for _ in range(200):
            if started.exists() and started.read_text():
                break
            await asyncio.sleep(0.05)
        os.kill(int(started.read_text()), signal.SIGKILL)
        with pytest.raises(JobDied):
            await asyncio.wait_for(job, 10)
        made = await workers.make(FileJob(where_made, history, ("next",)), admitted=False)
    finally:
        workers.shutdown()
    assert made.filename == "next"


def test_a_job_can_be_made_here_and_now() -> None:
    history = History([report("2022-11-24", tanks=2898)])
    made = FileJob(where_made, history, ("here",))()
    assert made.data.split()[0] == str(os.getpid()).encode()
