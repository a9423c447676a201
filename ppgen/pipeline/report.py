"""What a build tells whoever runs it: how far it is while it renders (`Done`, through a `Progress`), and what it
did when it ends (`BuildResult`, with `MadeAgain` through a build cache)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ppgen.core.errors import Problem


@dataclass(frozen=True)
class Done:
    """How far the rendering of a site is, each count beside its total."""

    pages: int
    """Pages written: every page, redline, feed and raw text."""
    pages_total: int
    redlines: int
    """Redlines written (among the pages): the slow part of a build."""
    redlines_total: int


Progress = Callable[[Done], None]
"""Called while rendering, each time a render task is done (see `Done`)."""


@dataclass(frozen=True)
class BuildResult:
    """What a build did."""

    out: Path
    """The folder written."""
    files: int
    """Files written."""
    pages: int
    """HTML pages written."""
    seconds: float
    """Wall time of the whole build."""
    warnings: tuple[Problem, ...]
    """Things the user should know, none of them fatal."""
    changes: tuple[str, ...] | None = None
    """With `changed_since`: `A|M|D path` for every file that differs from the old manifest."""
    made_again: MadeAgain | None = None
    """Through a build cache: what the build made again (the rest came from the cache)."""


@dataclass(frozen=True)
class MadeAgain:
    """What a build through the build cache made rather than read from it: whether the cache works shows here
    (a setting that changes at every build, for one, would make every policy's pages again)."""

    policies: int
    """Policies whose pages it rendered (of `of`)."""
    of: int
    comparisons: int
    """Comparisons it made (redlines the cache did not have)."""
