"""Bad input, shared by every test that feeds ppgen something wrong.

A `Bad` case is a change to a good two-version site (files to write, or a `setup` function for
what files cannot say: symlinks, permissions, git) and what stderr must say. Cases live in
`tests/test_cli_build.py` (BAD) and in `tests/bad_cases/<area>.py` (each a list `CASES`);
`all_cases()` gathers every one of them, so one test can hold `build` and `check` to the same
errors. `run_bad` is the standard judgement: exit 1, the first line `path:line: message (hint)`,
nothing on stdout, and nothing on disk changed.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner, Result

from ppgen.commands.cli import main

CONFIG = 'title = "Test legal"\nbase_url = "https://example.com/legal/"\n'
FIRST = "content/privacy/2025-01-01.md"
SECOND = "content/privacy/2025-03-01.md"
GOOD: dict[str, str | bytes] = {
    FIRST: (
        "---\ntitle: Privacy Policy\nsummary: First version.\n---\n\n## Who we are\n\nWe are Example Ltd.\n\n"
        "## What we collect\n\nYour e-mail address.\n"
    ),
    SECOND: (
        "---\nsummary: Adds cookies.\n---\n\n## Who we are\n\nWe are Example Ltd.\n\n## What we collect\n\n"
        "Your e-mail address and cookies.\n"
    ),
}
AS_OF = ("--as-of", "2025-06-01")
"""Every case builds as of this day (both versions of GOOD are in the past)."""


def body(text: str, front: str = "") -> str:
    """A version file: front matter `front` (lines ending in a newline) and body `text`."""
    return f"---\n{front}---\n\n{text}"


def invoke(*args: str) -> Result:
    """Run the command line in this process, exceptions included (a traceback fails the test)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (→ bytes) and folder (→ None) under `root`, hidden ones included, but the build cache:
    a failed build may keep the work it did (parsed versions) for the next one; the site stays as it was."""
    files = (p for p in sorted(root.rglob("*")) if CACHE not in p.relative_to(root).parts)
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None) for p in files}


CACHE = ".ppgen-cache"


@dataclass(frozen=True)
class Bad:
    """One bad input: files to (over)write after the good build, and what stderr must say."""

    name: str
    files: dict[str, str | bytes]
    where: str
    """The exact start of the error line: `path:line: ` (or `path: ` for a file or folder name)."""
    says: str
    """A fragment of the message."""
    args: tuple[str, ...] = ()
    """Extra arguments to `ppgen build` (after --as-of)."""
    setup: Callable[[Path], None] | None = field(default=None, compare=False)
    """Run in the site folder after `files` are written: for symlinks, permissions, git."""
    check_too: bool = True
    """False when the input is about building only (e.g. an --out folder), not something `check` reads."""


def apply(site: Path, bad: Bad) -> None:
    """Write the case's files into `site` and run its setup."""
    for name, data in bad.files.items():
        target = site / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    if bad.setup is not None:
        bad.setup(site)


def run_bad(site: Path, bad: Bad) -> Result:
    """Apply `bad` to a built good site (the working folder) and hold the build to the standard."""
    apply(site, bad)
    before = snapshot(site)
    result = invoke("build", *AS_OF, *bad.args)
    assert result.exit_code == 1, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    lines = result.stderr.splitlines()
    assert lines, "nothing on stderr"
    first = lines[0]
    assert first.startswith(bad.where), f"expected {bad.where!r} at the start of: {first!r}"
    assert bad.says in first, first
    assert " (" in first and first.endswith(")"), f"no (hint) at the end of: {first!r}"
    assert result.stdout == ""
    assert snapshot(site) == before, "the failed build changed files on disk"
    return result


def all_cases() -> list[Bad]:
    """Every bad input the suite knows: test_cli_build.BAD and each tests/bad_cases/*.py CASES."""
    import bad_cases
    from test_cli_build import BAD

    cases = list(BAD)
    for module in sorted(pkgutil.iter_modules(bad_cases.__path__), key=lambda m: m.name):
        cases.extend(importlib.import_module(f"bad_cases.{module.name}").CASES)
    return cases
