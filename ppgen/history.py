"""Everything git: one pass over the content tree's history, shallow and uncommitted-text detection.

A handful of git processes serve the whole content folder, whatever its size: `rev-parse`,
one `log --first-parent --raw`, one `cat-file --batch` for every blob, one `status`; and,
only when merges touch the content, `rev-list --parents` and one `log --no-walk --stdin`
to read the trailers of the commits each merge brought in. `ppgen check --staged` adds one
`diff --cached --raw`: the commit about to be made, from git's index, joins the history
as its newest commit (and `--commit-msg` one `interpret-trailers`, to read its message).
"""

from __future__ import annotations

import os
import subprocess
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from ppgen import frontmatter
from ppgen.errors import PpgenError, Problem, display_path
from ppgen.dates import RANGE_HINT, in_range

EDITORIAL_TRAILER = "Policy-Change"
"""A commit whose message ends with `Policy-Change: editorial` changes nothing a reader relies on."""
_NULL = "0" * 40
_LOG_FORMAT = f"%x1e%H%x1f%P%x1f%ct%x1f%(trailers:key={EDITORIAL_TRAILER},valueonly)%x1f"
_SIDE_FORMAT = f"%x1e%H%x1f%P%x1f%(trailers:key={EDITORIAL_TRAILER},valueonly)%x1f"
_CONFIG = ("-c", "diff.relative=false", "-c", "log.showSignature=false", "-c", "core.quotePath=false")
STAGED = "staged"
"""The `sha` of the commit about to be made: the text in git's index (`ppgen check --staged`)."""
SHALLOW_HINT = "fetch full history: git fetch --unshallow, or actions/checkout with fetch-depth: 0; or pass --allow-shallow to use effective dates"


@dataclass(frozen=True)
class Revision:
    """One state of a file: its text at a commit of the first-parent history, or in the working tree."""

    sha: str | None
    """The commit that made this state (None: not committed yet; STAGED: the commit about to be made)."""
    when: datetime | None
    """That commit's committer date (aware)."""
    editorial: bool
    """The change is marked `Policy-Change: editorial` (for merges: every commit it brought in is)."""
    path: str
    """The file's path at that commit, relative to the repository root."""
    blob: str
    """The git object id of the text ('' for the working tree)."""
    data: bytes = field(repr=False)
    """The exact bytes."""

    def day(self, zone: ZoneInfo) -> date | None:
        """The committer date as a day in the site's time zone."""
        return self.when.astimezone(zone).date() if self.when else None

    @property
    def short(self) -> str:
        """The abbreviated commit id, as people quote it."""
        return self.sha[:7] if self.sha else "uncommitted"

    @property
    def label(self) -> str:
        """What made this state, `commit 1a2b3c4`, `the staged change` or `the uncommitted text`."""
        if self.sha == STAGED:
            return "the staged change"
        return f"commit {self.short}" if self.sha else "the uncommitted text"


@dataclass(frozen=True)
class Staged:
    """The commit about to be made from git's index, as far as it is known before it exists."""

    when: datetime
    """The date it will have (the build's today: a commit is dated when it is made)."""
    editorial: bool = False
    """Its message carries `Policy-Change: editorial` (known at the commit-msg stage only)."""


@dataclass(frozen=True)
class History:
    """The content folder's history as git knows it."""

    root: Path
    """The repository's top folder."""
    shallow: bool
    """The clone lacks older history, so dates from it would be wrong."""
    files: dict[Path, tuple[Revision, ...]]
    """Each Markdown file in HEAD (absolute path) → its committed states, oldest first, across renames;
    when the index was read (Staged), each file in the index, its staged state last."""
    uncommitted: frozenset[Path]
    """Files under the content folder that differ from HEAD: changed, staged, untracked, ignored, deleted."""
    ignored: frozenset[Path] = frozenset()
    """Those of them that git ignores (.gitignore and the like): never committed, and easy to miss."""

    def committed(self, path: Path) -> bool:
        """Whether the file's text is in HEAD as it is on disk: tracked there, and unchanged since.

        A file git does not track is not committed, however git came to leave it out."""
        return path in self.files and path not in self.uncommitted


def _env() -> dict[str, str]:
    # Reading history must not write: `git status` refreshes the index when it may, and a build that
    # fails is to leave everything as it found it, the repository included.
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}


def _run(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        command = ["git", *_CONFIG, *args]
        done = subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, check=False, env=_env())
    except FileNotFoundError:
        raise PpgenError(Problem("git is not installed, so dates cannot come from history", display_path(cwd), None, "install git, or build from a folder outside any git checkout", code="git")) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["(no message)"]
        raise PpgenError(Problem(f"git {args[0]} failed: {message[-1]}", display_path(cwd), None, "run the same git command by hand to see why", code="git"))
    return done.stdout


def _discover(content: Path) -> tuple[Path, str, bool] | None:
    """(repository root, content prefix, shallow) — None when the content is not in a git checkout."""
    try:
        command = ["git", "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"]
        done = subprocess.run(command, cwd=content, capture_output=True, check=False, env=_env())
    except FileNotFoundError:
        if any((folder / ".git").exists() for folder in (content, *content.parents)):
            _run(["rev-parse"], content)  # raises the "git is not installed" problem
        return None
    if done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace")
        if "not a git repository" in error:
            return None
        _run(["rev-parse", "--show-toplevel"], content)
    top, prefix, shallow = done.stdout.decode("utf-8").split("\n")[:3]
    return Path(top), prefix, shallow.strip() == "true"


def _editorial(trailers: str) -> bool:
    return any(value.strip().lower() == "editorial" for value in trailers.splitlines())


@dataclass
class _Change:
    status: str
    old: str | None
    new: str | None
    old_blob: str
    new_blob: str


@dataclass
class _Commit:
    sha: str
    parents: list[str]
    when: datetime
    editorial: bool
    changes: list[_Change]


def _commit_time(sha: str, stamp: str, root: Path) -> datetime:
    """The commit's date; a date ppgen cannot work with (git allows years up to 9999) is an error naming it."""
    try:
        when = datetime.fromtimestamp(int(stamp), timezone.utc)
    except (OverflowError, OSError, ValueError):
        when = None
    if when is None or not in_range(when.date()):
        raise PpgenError(
            Problem(f"commit {sha[:12]} is dated outside the years ppgen works with", display_path(root), None,
                    f"give the commit a real date (git commit --amend --date=...): {RANGE_HINT}", code="git")
        )
    return when


def _parse_raw(rest: str) -> list[_Change]:
    """The changes of `--raw -z` output (a commit's in `log`, or the index's in `diff --cached`)."""
    fields = rest.lstrip("\0\n").split("\0")
    changes: list[_Change] = []
    index = 0
    while index < len(fields) and fields[index].startswith(":"):
        _old_mode, _new_mode, old_blob, new_blob, status = fields[index][1:].split(" ")
        if status[0] in "RC":
            changes.append(_Change(status[0], fields[index + 1], fields[index + 2], old_blob, new_blob))
            index += 3
        else:
            path = fields[index + 1]
            changes.append(_Change(status[0], None if status == "A" else path, None if status == "D" else path, old_blob, new_blob))
            index += 2
    return changes


def _parse_log(out: bytes, root: Path) -> list[_Commit]:
    commits = []
    for record in out.decode("utf-8", "surrogateescape").split("\x1e")[1:]:
        sha, parents, stamp, trailers, rest = record.split("\x1f", 4)
        commits.append(_Commit(sha, parents.split(), _commit_time(sha, stamp, root), _editorial(trailers), _parse_raw(rest)))
    return commits


def _staged_commit(root: Path, pathspec: str, staged: Staged) -> _Commit:
    """The commit about to be made: what git's index changes from HEAD (or from nothing, at first)."""
    # Before the first commit, `diff --cached` compares the index with the empty tree. Inside a hook, git's
    # GIT_INDEX_FILE (an absolute path) names the index being committed (`git commit -a` makes its own).
    options = ["--cached", "-M", "--raw", "--no-abbrev", "-z", "--no-color", "--no-ext-diff"]
    out = _run(["diff", *options, "--", pathspec], root).decode("utf-8", "surrogateescape")
    return _Commit(STAGED, [], staged.when, staged.editorial, _parse_raw(out))


def editorial_message(message: bytes, cwd: Path) -> bool:
    """Whether a commit message carries the trailer `Policy-Change: editorial`, as git reads trailers.

    git's own parser, so that the commit-msg hook and the history agree (comment lines and the
    `git commit --verbose` diff below the scissors line are not the message)."""
    out = _run(["interpret-trailers", "--parse"], cwd, message)
    values = []
    for line in out.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == EDITORIAL_TRAILER.lower():
            values.append(value)
    return _editorial("\n".join(values))


def _read_blobs(root: Path, shas: set[str]) -> dict[str, bytes]:
    """Every blob in one `git cat-file --batch`."""
    wanted = sorted(shas - {_NULL})
    if not wanted:
        return {}
    out = _run(["cat-file", "--batch"], root, ("\n".join(wanted) + "\n").encode())
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


def _merge_editorial(root: Path, pathspec: str, merges: list[_Commit]) -> dict[tuple[str, str], bool]:
    """(merge, path) → whether every commit the merge brought in that touched the path is editorial."""
    parents: dict[str, list[str]] = {}
    for line in _run(["rev-list", "--parents", "HEAD"], root).decode().splitlines():
        commit_sha, *commit_parents = line.split()
        parents[commit_sha] = commit_parents
    chain = []
    tip: str | None = next(iter(parents), None)  # rev-list starts at HEAD
    while tip is not None:
        chain.append(tip)
        tip = parents[tip][0] if parents[tip] else None
    wanted = {merge.sha for merge in merges}
    seen: set[str] = set()
    brought: dict[str, set[str]] = {}
    for commit in reversed(chain):
        seen.add(commit)
        side: set[str] = set()
        queue = deque(p for p in parents[commit][1:] if p not in seen)
        while queue:
            current = queue.popleft()
            if current in seen:
                continue
            seen.add(current)
            side.add(current)
            queue.extend(p for p in parents.get(current, []) if p not in seen)
        if commit in wanted:
            brought[commit] = side
    every = sorted(set().union(*brought.values())) if brought else []
    if not every:
        return {}
    out = _run(["log", "--no-walk=unsorted", "--stdin", f"--format={_SIDE_FORMAT}", "--name-status", "-M", "-z", "--", pathspec], root, ("\n".join(every) + "\n").encode())
    touched: dict[str, tuple[bool, set[str]]] = {}
    for record in out.decode("utf-8", "surrogateescape").split("\x1e")[1:]:
        sha, side_parents, trailers, rest = record.split("\x1f", 3)
        if len(side_parents.split()) < 2:
            touched[sha] = (_editorial(trailers), _name_status(rest))
    result: dict[tuple[str, str], bool] = {}
    for merge in merges:
        side_touching = [touched[s] for s in brought.get(merge.sha, ()) if s in touched]
        for change in merge.changes:
            paths = {p for p in (change.old, change.new) if p}
            relevant = [flag for flag, files in side_touching if files & paths] or [flag for flag, _ in side_touching]
            result[(merge.sha, change.new or change.old or "")] = merge.editorial or (bool(relevant) and all(relevant))
    return result


def _front_id(data: bytes) -> str | None:
    try:
        value = frontmatter.split(data.decode("utf-8"), "").data.get("id")
    except (UnicodeDecodeError, frontmatter.FrontMatterError):
        return None
    return str(value) if value is not None else None


def _lineages(commits: list[_Commit], blobs: dict[str, bytes], merge_flags: dict[tuple[str, str], bool]) -> dict[str, list[Revision]]:
    """Walk the history once: each path alive at HEAD → its revisions, following renames and `id` re-adds."""
    current: dict[str, list[Revision]] = {}
    gone: dict[str, list[Revision]] = {}
    for commit in commits:
        removed: list[str] = []
        moved: list[_Change] = []
        added: list[_Change] = []
        for change in commit.changes:
            old_md = bool(change.old and change.old.endswith(".md"))
            new_md = bool(change.new and change.new.endswith(".md"))
            if change.status == "R" and old_md and new_md or change.status in "MT" and old_md:
                moved.append(change)
                continue
            if old_md and change.status in "DR" and change.old:
                removed.append(change.old)
            if new_md and change.status in "ARC":
                added.append(change)

        def revision(path: str, blob: str, commit: _Commit = commit) -> Revision:
            flag = merge_flags.get((commit.sha, path), commit.editorial)
            return Revision(commit.sha, commit.when, flag, path, blob, blobs.get(blob, b""))

        for path in removed:  # first, so that an add in the same commit can take the lineage up by `id`
            lineage = current.pop(path, None)
            ident = _front_id(lineage[-1].data) if lineage else None
            if lineage and ident:
                gone[ident] = lineage
        lineages = {change.new: current.pop(change.old or "", []) for change in moved if change.new}
        for change in moved:
            if change.new:
                current[change.new] = lineages[change.new] + [revision(change.new, change.new_blob)]
        for change in added:
            if change.new:
                ident = _front_id(blobs.get(change.new_blob, b""))
                before = current.pop(change.new, None) or (gone.pop(ident, []) if ident else [])
                current[change.new] = before + [revision(change.new, change.new_blob)]
    return current


def _name_status(rest: str) -> set[str]:
    fields = rest.lstrip("\0\n").split("\0")
    paths: set[str] = set()
    index = 0
    while index < len(fields) and fields[index]:
        count = 2 if fields[index][0] in "RC" else 1
        paths.update(fields[index + 1 : index + 1 + count])
        index += 1 + count
    return paths


def _uncommitted(root: Path, pathspec: str) -> tuple[frozenset[Path], frozenset[Path]]:
    """(every file that differs from HEAD, those of them git ignores), in one `git status`."""
    # Ignored files count: a version file kept out of git by .gitignore was never committed, so it
    # is a draft like any other; "traditional" with "all" lists each file, not just its folder.
    every_file = ["--untracked-files=all", "--ignored=traditional"]
    out = _run(["status", "--porcelain=v1", "-z", *every_file, "--no-renames", "--", pathspec], root)
    entries = [entry for entry in out.decode("utf-8", "surrogateescape").split("\0") if len(entry) > 3]
    every = frozenset(root / entry[3:] for entry in entries)
    return every, frozenset(root / entry[3:] for entry in entries if entry.startswith("!!"))


def read_history(content: Path, staged: Staged | None = None) -> History | None:
    """The git history of every file under `content`, or None when it is not in a git checkout.

    With `staged`, the commit about to be made from git's index is its newest commit."""
    found = _discover(content)
    if found is None:
        return None
    root, prefix, shallow = found
    pathspec = f":(literal){prefix}" if prefix else "."
    try:
        out = _run(["log", "--first-parent", "--diff-merges=first-parent", "--reverse", "-M", "--raw", "--no-abbrev", "-z", "--no-color", f"--format={_LOG_FORMAT}", "HEAD", "--", pathspec], root)
    except PpgenError:
        if subprocess.run(["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=root, capture_output=True, check=False).returncode == 0:
            raise
        out = b""  # a repository without commits yet: everything is uncommitted
    commits = _parse_log(out, root)
    if staged is not None:
        commits.append(_staged_commit(root, pathspec, staged))
    changes = [c for commit in commits for c in commit.changes]
    blobs = _read_blobs(root, {c.new_blob for c in changes if (c.new or "").endswith(".md")} | {c.old_blob for c in changes if (c.old or "").endswith(".md")})
    merges = [commit for commit in commits if len(commit.parents) > 1 and commit.changes]
    merge_flags = _merge_editorial(root, pathspec, merges) if merges and not shallow else {}
    files = {root / path: tuple(revisions) for path, revisions in _lineages(commits, blobs, merge_flags).items()}
    uncommitted, ignored = _uncommitted(root, pathspec)
    return History(root, shallow, files, uncommitted, ignored)
