"""Everything git: one pass over the content tree's history, shallow and uncommitted-text detection.

A handful of git processes serve the whole content folder, whatever its size: `rev-parse`,
one `log --first-parent --raw`, one `cat-file --batch` for every blob, one `status`; and,
only when merges touch the content, `rev-list --parents` and one `log --no-walk --stdin`
to read the trailers of the commits each merge brought in. `ppgen check --staged` adds one
`diff --cached --raw`: the commit about to be made, from git's index, joins the history
as its newest commit (and `--commit-msg` one `interpret-trailers`, to read its message).
"""

from __future__ import annotations

import subprocess
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ppgen.core.chars import decode
from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.source import frontmatter, git

EDITORIAL_TRAILER = git.TRAILER_KEY
"""A commit whose message ends with `Policy-Change: editorial` changes nothing a reader relies on."""
STAGED = "staged"
"""The `sha` of the commit about to be made: the text in git's index (`ppgen check --staged`)."""
SHALLOW_HINT = (
    "fetch full history: git fetch --unshallow, or actions/checkout with fetch-depth: 0;"
    " or pass --allow-shallow to use effective dates"
)


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
class Gone:
    """A Markdown file of the content that a commit removed, or renamed to another path."""

    path: str
    """Its path before, relative to the repository root."""
    to: str | None
    """Its path after a rename (None: removed)."""
    sha: str
    when: datetime
    """The commit's committer date."""


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
    gone: tuple[Gone, ...] = ()
    """Each Markdown file a commit removed or renamed, in the order of the commits (`versions_gone`)."""
    dates: tuple[tuple[str, datetime, str], ...] = ()
    """Each commit of the first-parent history that changed a Markdown file, oldest first: its id, its
    committer date and the first such file (`backdated`)."""

    def committed(self, path: Path) -> bool:
        """Whether the file's text is in HEAD as it is on disk: tracked there, and unchanged since.

        A file git does not track is not committed, however git came to leave it out."""
        return path in self.files and path not in self.uncommitted


def _editorial(trailers: str) -> bool:
    return any(value.strip().lower() == "editorial" for value in trailers.splitlines())


def _staged_commit(root: Path, pathspec: str, staged: Staged) -> git.Commit:
    """The commit about to be made: what git's index changes from HEAD (or from nothing, at first)."""
    # Before the first commit, `diff --cached` compares the index with the empty tree. Inside a hook, git's
    # GIT_INDEX_FILE (an absolute path) names the index being committed (`git commit -a` makes its own).
    options = ["--cached", "-M", "--raw", "--no-abbrev", "-z", "--no-color", "--no-ext-diff"]
    out = git.run(["diff", *options, "--", pathspec], root).decode("utf-8", "surrogateescape")
    trailers = "editorial" if staged.editorial else ""  # its trailer values, as far as they are known
    return git.Commit(STAGED, [], staged.when, trailers, git.parse_raw(out))


def read_commit_message(path: Path) -> bytes:
    """The commit message git hands the commit-msg hook (`ppgen check --commit-msg FILE`)."""
    try:
        return path.read_bytes()
    except OSError as err:
        hint = "pass the file git gives the commit-msg hook as its argument (.git/COMMIT_EDITMSG)"
        message = f"cannot read the commit message: {err.strerror or err}"
        raise PpgenError(Problem(message, display_path(path), None, hint)) from None


def editorial_message(message: bytes, cwd: Path) -> bool:
    """Whether a commit message carries the trailer `Policy-Change: editorial`, as git reads trailers.

    git's own parser, so that the commit-msg hook and the history agree (comment lines and the
    `git commit --verbose` diff below the scissors line are not the message)."""
    out = git.run(["interpret-trailers", "--parse"], cwd, message)
    values = []
    for line in out.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == EDITORIAL_TRAILER.lower():
            values.append(value)
    return _editorial("\n".join(values))


def _merge_editorial(root: Path, pathspec: str, merges: list[git.Commit]) -> dict[tuple[str, str], bool]:
    """(merge, path) → whether every commit the merge brought in that touched the path is editorial."""
    parents: dict[str, list[str]] = {}
    for line in git.run(["rev-list", "--parents", "HEAD"], root).decode().splitlines():
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
    out = git.run(
        [
            "log",
            "--no-walk=unsorted",
            "--stdin",
            f"--format={git.SIDE_FORMAT}",
            "--name-status",
            "-M",
            "-z",
            "--",
            pathspec,
        ],
        root,
        ("\n".join(every) + "\n").encode(),
    )
    touched: dict[str, tuple[bool, set[str]]] = {}
    for record in out.decode("utf-8", "surrogateescape").split("\x1e")[1:]:
        sha, side_parents, trailers, rest = record.split("\x1f", 3)
        if len(side_parents.split()) < 2:
            touched[sha] = (_editorial(trailers), git.name_status(rest))
    result: dict[tuple[str, str], bool] = {}
    for merge in merges:
        side_touching = [touched[s] for s in brought.get(merge.sha, ()) if s in touched]
        for change in merge.changes:
            paths = {p for p in (change.old, change.new) if p}
            relevant = [flag for flag, files in side_touching if files & paths] or [
                flag for flag, _ in side_touching
            ]
            result[(merge.sha, change.new or change.old or "")] = _editorial(merge.trailers) or (
                bool(relevant) and all(relevant)
            )
    return result


def _front_id(data: bytes) -> str | None:
    try:
        value = frontmatter.split(decode(data, ""), "").data.get("id")
    except PpgenError:
        return None
    return str(value) if value is not None else None


def _lineages(
    commits: list[git.Commit], blobs: dict[str, bytes], merge_flags: dict[tuple[str, str], bool]
) -> tuple[dict[str, list[Revision]], list[Gone]]:
    """Walk the history once: each path alive at HEAD → its revisions, following renames and `id` re-adds;
    and each Markdown file a commit removed or renamed."""
    current: dict[str, list[Revision]] = {}
    gone: dict[str, list[Revision]] = {}
    left: list[Gone] = []
    for commit in commits:
        removed: list[str] = []
        moved: list[git.Change] = []
        added: list[git.Change] = []
        for change in commit.changes:
            old_md = bool(change.old and change.old.endswith(".md"))
            new_md = bool(change.new and change.new.endswith(".md"))
            if old_md and change.old and change.status in "DR" and change.old != change.new:
                left.append(
                    Gone(change.old, change.new if change.status == "R" else None, commit.sha, commit.when)
                )
            if change.status == "R" and old_md and new_md or change.status in "MT" and old_md:
                moved.append(change)
                continue
            if old_md and change.status in "DR" and change.old:
                removed.append(change.old)
            if new_md and change.status in "ARC":
                added.append(change)

        def revision(path: str, blob: str, commit: git.Commit = commit) -> Revision:
            flag = merge_flags.get((commit.sha, path), _editorial(commit.trailers))
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
    return current, left


def read_history(content: Path, staged: Staged | None = None) -> History | None:
    """The git history of every file under `content`, or None when it is not in a git checkout.

    With `staged`, the commit about to be made from git's index is its newest commit."""
    found = git.discover(content)
    if found is None:
        return None
    root, prefix, shallow = found
    pathspec = f":(literal){prefix}" if prefix else "."
    try:
        out = git.run(git.log_command([pathspec]), root)
    except PpgenError:
        if (
            subprocess.run(
                ["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=root, capture_output=True, check=False
            ).returncode
            == 0
        ):
            raise
        out = b""  # a repository without commits yet: everything is uncommitted
    commits = git.parse_log(out, root)
    if staged is not None:
        commits.append(_staged_commit(root, pathspec, staged))
    changes = [c for commit in commits for c in commit.changes]
    blobs = git.read_blobs(
        root,
        {c.new_blob for c in changes if (c.new or "").endswith(".md")}
        | {c.old_blob for c in changes if (c.old or "").endswith(".md")},
    )
    merges = [commit for commit in commits if len(commit.parents) > 1 and commit.changes]
    merge_flags = _merge_editorial(root, pathspec, merges) if merges and not shallow else {}
    lineages, left = _lineages(commits, blobs, merge_flags)
    files = {root / path: tuple(revisions) for path, revisions in lineages.items()}
    uncommitted, ignored = git.uncommitted(root, pathspec)
    return History(root, shallow, files, uncommitted, ignored, tuple(left), _dates(commits))


def _dates(commits: list[git.Commit]) -> tuple[tuple[str, datetime, str], ...]:
    """`History.dates`: each commit that changed a Markdown file, with its date and the first such file."""
    found = []
    for commit in commits:
        paths = [p for c in commit.changes for p in (c.new, c.old) if p is not None and p.endswith(".md")]
        if paths and commit.sha != STAGED:
            found.append((commit.sha, commit.when, paths[0]))
    return tuple(found)
