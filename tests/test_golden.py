"""The example site, built with as_of 2026-01-01, compared whole (every file, every byte) with
the stored copy in tests/golden/example/. Regenerate it on purpose with `pytest --update-golden`
and review the change in `git diff` like any other."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from conftest import tree_bytes

GOLDEN = Path(__file__).resolve().parent / "golden" / "example"


def first_difference(expected: dict[str, bytes], actual: dict[str, bytes]) -> str | None:
    """A readable account of how two trees differ (a unified diff of the first differing file), or None."""
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    report = []
    if missing:
        report.append(f"files no longer built: {missing}")
    if extra:
        report.append(f"files not in the golden copy: {extra}")
    for name in sorted(set(expected) & set(actual)):
        if expected[name] != actual[name]:
            try:
                old, new = expected[name].decode("utf-8"), actual[name].decode("utf-8")
            except UnicodeDecodeError:
                report.append(f"{name}: binary content differs")
            else:
                diff = difflib.unified_diff(
                    old.splitlines(keepends=True),
                    new.splitlines(keepends=True),
                    f"golden/{name}",
                    f"built/{name}",
                    n=2,
                )
                lines = list(diff)
                more = f"\n… {len(lines) - 120} more diff lines" if len(lines) > 120 else ""
                report.append("".join(lines[:120]) + more)
            changed = [n for n in sorted(set(expected) & set(actual)) if expected[n] != actual[n]]
            report.append(f"{len(changed)} file(s) differ: {changed}")
            break
    return "\n".join(report) if report else None


def test_example_site_matches_golden_copy(example_site: Path, request: pytest.FixtureRequest) -> None:
    actual = tree_bytes(example_site)
    if request.config.getoption("--update-golden"):
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        shutil.copytree(example_site, GOLDEN)
        return
    if not GOLDEN.is_dir():
        pytest.fail(
            f"no golden copy at {GOLDEN}: run `pytest tests/test_golden.py --update-golden` and commit it",
            pytrace=False,
        )
    difference = first_difference(tree_bytes(GOLDEN), actual)
    if difference:
        pytest.fail(
            "the example site differs from tests/golden/example/ "
            "(if the change is intended, run `pytest --update-golden` and review the diff):\n" + difference,
            pytrace=False,
        )


def test_first_difference_shows_a_diff() -> None:
    expected = {"a.html": b"<p>one</p>\n<p>two</p>\n", "b.css": b"x"}
    actual = {"a.html": b"<p>one</p>\n<p>2</p>\n", "c.css": b"y"}
    report = first_difference(expected, actual)
    assert report is not None
    assert "files no longer built: ['b.css']" in report
    assert "files not in the golden copy: ['c.css']" in report
    assert "-<p>two</p>" in report and "+<p>2</p>" in report
    assert first_difference(expected, dict(expected)) is None
