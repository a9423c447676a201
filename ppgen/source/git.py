"""git plumbing: running git, and reading what it prints (commits, their changes, blobs, status).

No policy rules here: which changes a reader sees, and which commits are editorial, are history.py's
and textchanges.py's. Every git process of a build starts in `run`, which never lets git write.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ppgen.core.dates import RANGE_HINT, in_range
from ppgen.core.errors import PpgenError, Problem, display_path

TRAILER_KEY = "Policy-Change"
"""The trailer whose values `LOG_FORMAT` and `SIDE_FORMAT` read (history.py gives it its meaning)."""
NULL = "0" * 40
LOG_FORMAT = f"%x1e%H%x1f%P%x1f%ct%x1f%(trailers:key={TRAILER_KEY},valueonly)%x1f"
SIDE_FORMAT = f"%x1e%H%x1f%P%x1f%(trailers:key={TRAILER_KEY},valueonly)%x1f"
CONFIG = ("-c", "diff.relative=false", "-c", "log.showSignature=false", "-c", "core.quotePath=false")


def _env() -> dict[str, str]:
    # Reading history must not write: `git status` refreshes the index when it may, and a build that
    # fails is to leave everything as it found it, the repository included.
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}


def run(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    """What `git ARGS` prints, run in `cwd` (never writing, see `_env`); a PpgenError when it fails."""
    try:
        command = ["git", *CONFIG, *args]
        done = subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, check=False, env=_env())
    except FileNotFoundError:
        raise PpgenError(
            Problem(
                "git is not installed, so dates cannot come from history",
                display_path(cwd),
                None,
                "install git, or build from a folder outside any git checkout",
                code="git",
            )
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["(no message)"]
        raise PpgenError(
            Problem(
                f"git {args[0]} failed: {message[-1]}",
                display_path(cwd),
                None,
                "run the same git command by hand to see why",
                code="git",
            )
        )
    return done.stdout


def discover(content: Path) -> tuple[Path, str, bool] | None:
    """(repository root, content prefix, shallow) — None when the content is not in a git checkout."""
    try:
        command = ["git", "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"]
        done = subprocess.run(command, cwd=content, capture_output=True, check=False, env=_env())
    except FileNotFoundError:
        if any((folder / ".git").exists() for folder in (content, *content.parents)):
            run(["rev-parse"], content)  # raises the "git is not installed" problem
        return None
    if done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace")
        if "not a git repository" in error:
            return None
        run(["rev-parse", "--show-toplevel"], content)
    top, prefix, shallow = done.stdout.decode("utf-8").split("\n")[:3]
    return Path(top), prefix, shallow.strip() == "true"


@dataclass
class Change:
    """One file a commit changed (`--raw`): status letter, old and new path (None when absent), old and new blob."""

    status: str
    old: str | None
    new: str | None
    old_blob: str
    new_blob: str


@dataclass
class Commit:
    """One commit of a `log` in LOG_FORMAT: its parents, committer date, Policy-Change trailer values, changes."""

    sha: str
    parents: list[str]
    when: datetime
    trailers: str
    """The values of its `Policy-Change` trailers, one a line."""
    changes: list[Change]


def commit_time(sha: str, stamp: str, root: Path) -> datetime:
    """The commit's date; a date ppgen cannot work with (git allows years up to 9999) is an error naming it."""
    try:
        when = datetime.fromtimestamp(int(stamp), UTC)
    except (OverflowError, OSError, ValueError):
        when = None
    if when is None or not in_range(when.date()):
        raise PpgenError(
            Problem(
                f"commit {sha[:12]} is dated outside the years ppgen works with",
                display_path(root),
                None,
                f"give the commit a real date (git commit --amend --date=...): {RANGE_HINT}",
                code="git",
            )
        )
    return when


def parse_raw(rest: str) -> list[Change]:
    """The changes of `--raw -z` output (a commit's in `log`, or the index's in `diff --cached`)."""
    fields = rest.lstrip("\0\n").split("\0")
    changes: list[Change] = []
    index = 0
    while index < len(fields) and fields[index].startswith(":"):
        _old_mode, _new_mode, old_blob, new_blob, status = fields[index][1:].split(" ")
        if status[0] in "RC":
            changes.append(Change(status[0], fields[index + 1], fields[index + 2], old_blob, new_blob))
            index += 3
        else:
            path = fields[index + 1]
            changes.append(
                Change(
                    status[0],
                    None if status == "A" else path,
                    None if status == "D" else path,
                    old_blob,
                    new_blob,
                )
            )
            index += 2
    return changes


def log_command(pathspecs: Sequence[str]) -> list[str]:
    """The `git log` that `parse_log` reads: the first-parent history of `pathspecs`, oldest first, each
    commit with its changed files (renames found), NUL-separated."""
    return [
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--reverse",
        "-M",
        "--raw",
        "--no-abbrev",
        "-z",
        "--no-color",
        f"--format={LOG_FORMAT}",
        "HEAD",
        "--",
        *pathspecs,
    ]


def parse_log(out: bytes, root: Path) -> list[Commit]:
    """The commits of `git log` output in LOG_FORMAT with `--raw -z`."""
    commits = []
    for record in out.decode("utf-8", "surrogateescape").split("\x1e")[1:]:
        sha, parents, stamp, trailers, rest = record.split("\x1f", 4)
        commits.append(Commit(sha, parents.split(), commit_time(sha, stamp, root), trailers, parse_raw(rest)))
    return commits


def read_blobs(root: Path, shas: set[str]) -> dict[str, bytes]:
    """Every blob in one `git cat-file --batch`."""
    wanted = sorted(shas - {NULL})
    if not wanted:
        return {}
    out = run(["cat-file", "--batch"], root, ("\n".join(wanted) + "\n").encode())
    blobs: dict[str, bytes] = {}
    position = 0
    for sha in wanted:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].split(b" ")
        if len(header) < 3:  # "<sha> missing": beyond a shallow clone's edge
            position = header_end + 1
            continue
        size = int(header[2])
        blobs[sha] = out[header_end + 1 : header_end + 1 + size]
        position = header_end + 1 + size + 1
    return blobs


def name_status(rest: str) -> set[str]:
    fields = rest.lstrip("\0\n").split("\0")
    paths: set[str] = set()
    index = 0
    while index < len(fields) and fields[index]:
        count = 2 if fields[index][0] in "RC" else 1
        paths.update(fields[index + 1 : index + 1 + count])
        index += 1 + count
    return paths


def uncommitted(root: Path, pathspec: str) -> tuple[frozenset[Path], frozenset[Path]]:
    """(every file that differs from HEAD, those of them git ignores), in one `git status`."""
    # Ignored files count: a version file kept out of git by .gitignore was never committed, so it
    # is a draft like any other; "traditional" with "all" lists each file, not just its folder.
    every_file = ["--untracked-files=all", "--ignored=traditional"]
    out = run(["status", "--porcelain=v1", "-z", *every_file, "--no-renames", "--", pathspec], root)
    entries = [entry for entry in out.decode("utf-8", "surrogateescape").split("\0") if len(entry) > 3]
    every = frozenset(root / entry[3:] for entry in entries)
    return every, frozenset(root / entry[3:] for entry in entries if entry.startswith("!!"))
