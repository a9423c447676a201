"""`ppgen` commands run through click's CliRunner in a child process that is killed when one hangs.

Many short commands (a fuzz test runs hundreds) cost little in one long-lived child, and a command
that never ends fails its test after `limit` seconds instead of freezing the suite: the child is
killed and the next command starts a fresh one.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

_SPAWN = multiprocessing.get_context("spawn")
"""A fresh interpreter, not a fork of the test process and whatever threads it runs."""


@dataclass(frozen=True)
class Outcome:
    """What one command did."""

    exit_code: int
    stdout: str
    stderr: str
    crash: str | None
    """The traceback of an exception CliRunner caught that was not SystemExit (never expected)."""


def _serve(connection: Connection) -> None:
    from click.testing import CliRunner

    from ppgen.commands.cli import main

    while True:
        cwd, args, env = connection.recv()
        os.chdir(cwd)
        result = CliRunner().invoke(main, args, env=env, catch_exceptions=True)
        crash = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            crash = "".join(traceback.format_exception(result.exception))
        connection.send(Outcome(result.exit_code, result.stdout, result.stderr, crash))


class CliWorker:
    """One child process running `ppgen` commands in turn."""

    def __init__(self) -> None:
        self._child: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None

    def run(
        self, cwd: Path, args: list[str], env: dict[str, str | None] | None = None, limit: float = 20.0
    ) -> Outcome | None:
        """`ppgen ARGS` in folder `cwd` with `env` changes (None unsets); None after `limit` seconds."""
        if self._child is None or not self._child.is_alive():
            ours, theirs = _SPAWN.Pipe()
            self._child = _SPAWN.Process(target=_serve, args=(theirs,), daemon=True, name="ppgen-cli-worker")
            self._child.start()
            theirs.close()  # the child's end: held here too, a child that died would never read as closed
            self._connection = ours
        assert self._connection is not None
        self._connection.send((str(cwd), args, env or {}))
        if not self._connection.poll(limit):
            self.close()
            return None
        try:
            outcome: Outcome = self._connection.recv()
        except (
            EOFError
        ):  # the child died (a crash of the interpreter itself): a failed command, and a new child next time
            code = self._child.exitcode if self._child is not None else None
            self.close()
            return Outcome(-1, "", "", f"the process running ppgen died (exit code {code})")
        return outcome

    def close(self) -> None:
        """Stop the child (by its own handle) and wait for it."""
        if self._child is not None:
            self._child.kill()
            self._child.join()
            self._child = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None
