"""Identical input gives byte-identical output: whatever the checkout path, the file times,
the hash seed or the worker processes; and the build's "today" comes only from --as-of,
SOURCE_DATE_EPOCH or (failing both) the real date — never from file times."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from conftest import REPO, copy_example, tree_bytes


def ppgen(
    cwd: Path, *args: str, seed: str = "0", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -P -m ppgen` in `cwd` (this checkout's ppgen, never one in `cwd`), in a fresh process with
    its own hash seed."""
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    environment["PYTHONHASHSEED"] = seed
    environment.update(env or {})
    run = subprocess.run(
        [sys.executable, "-P", "-m", "ppgen", *args],
        cwd=cwd,
        check=False,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    return run


def set_mtimes(root: Path, when: float) -> None:
    for path in [root, *root.rglob("*")]:
        os.utime(path, (when, when))


def assert_same_tree(a: Path, b: Path) -> None:
    left, right = tree_bytes(a), tree_bytes(b)
    assert sorted(left) == sorted(right), (
        f"different files: only in A {sorted(set(left) - set(right))}, only in B {sorted(set(right) - set(left))}"
    )
    for name in sorted(left):
        if left[name] != right[name]:
            diff = difflib.unified_diff(
                left[name].decode("utf-8", "replace").splitlines(),
                right[name].decode("utf-8", "replace").splitlines(),
                f"A/{name}",
                f"B/{name}",
                lineterm="",
            )
            raise AssertionError(f"{name} differs:\n" + "\n".join(list(diff)[:60]))


def test_example_is_identical_from_two_checkouts(tmp_path: Path) -> None:
    a = copy_example(tmp_path / "checkout-a")
    b = copy_example(tmp_path / "somewhere" / "else" / "checkout-b")
    set_mtimes(a / "content", datetime(2030, 5, 5, tzinfo=UTC).timestamp())
    set_mtimes(b / "content", datetime(2001, 1, 1, tzinfo=UTC).timestamp())
    for root, seed in ((a, "1"), (b, "2")):
        run = ppgen(root, "build", "-q", "--as-of", "2026-01-01", seed=seed)
        assert run.returncode == 0, run.stderr
    assert len(tree_bytes(a / "site")) > 15
    assert_same_tree(a / "site", b / "site")


def test_example_is_identical_from_two_git_clones(tmp_path: Path) -> None:
    """In a git checkout the dates come from history: two clones at different paths agree too."""
    clones = []
    for name, when in (("clone-a", 2030), ("deeper/clone-b", 2001)):
        target = tmp_path / name
        run = subprocess.run(
            ["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(target)],
            check=False,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
        set_mtimes(target / "content", datetime(when, 3, 3, tzinfo=UTC).timestamp())
        clones.append(target)
    for root, seed in zip(clones, ("7", "8"), strict=True):
        run = ppgen(root, "build", "-q", "--as-of", "2026-01-01", seed=seed)
        assert run.returncode == 0, run.stderr
    assert_same_tree(clones[0] / "site", clones[1] / "site")


def test_rebuild_in_place_is_identical(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "checkout")
    assert ppgen(root, "build", "-q", "--as-of", "2026-01-01", "--out", "first", seed="3").returncode == 0
    set_mtimes(root / "content", datetime(2020, 2, 2, tzinfo=UTC).timestamp())
    assert ppgen(root, "build", "-q", "--as-of", "2026-01-01", "--out", "second", seed="4").returncode == 0
    assert_same_tree(root / "first", root / "second")


def _large_site(make_site: Callable[..., Path], folder: str) -> Path:
    """Enough versions (2 policies × 24) that the build spreads its work over worker processes."""
    files: dict[str, str] = {}
    for slug in ("privacy", "terms"):
        for month in range(1, 25):
            day = f"{2020 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}-01"
            front = (
                f"title: {slug.title()} Policy\nsummary: Version {month}.\n"
                if month == 1
                else f"summary: Version {month}.\n"
            )
            sections = "".join(
                (
                    f"## Section {s}\n\nClause {s} of the {slug} policy, as revised "
                    f"{month if s % 5 == month % 5 else 0} times.\n\n- item one\n- item {s}\n\n"
                )
                for s in range(1, 12)
            )
            files[f"content/{slug}/{day}.md"] = f"---\n{front}---\n\n{sections}"
    return make_site(files, 'base_url = "https://example.com/"\n', folder=folder)


def test_a_build_in_one_process_and_one_over_two_workers_are_identical(
    make_site: Callable[..., Path],
) -> None:
    a = _large_site(make_site, "a")
    b = _large_site(make_site, "b")
    set_mtimes(b, datetime(2011, 1, 1, tzinfo=UTC).timestamp())
    for root, seed, jobs in ((a, "5", "1"), (b, "6", "2")):
        run = ppgen(root, "build", "-q", "--as-of", "2022-06-01", "--jobs", jobs, seed=seed)
        assert run.returncode == 0, run.stderr
    assert (a / "site" / "terms" / "2021-12-01" / "index.html").is_file()
    assert_same_tree(a / "site", b / "site")


UPCOMING_SITE = {
    "content/privacy/2025-01-01.md": "---\ntitle: Privacy Policy\n---\n\n## A\n\nOld text.\n",
    "content/privacy/2025-03-01.md": "---\nsummary: New.\n---\n\n## A\n\nNew text.\n",
}


def in_force(site: Path) -> str:
    """The effective date of the version shown at /privacy/."""
    page = (site / "privacy" / "index.html").read_text(encoding="utf-8")
    start = page.index('class="effective" datetime="') + len('class="effective" datetime="')
    return page[start : start + 10]


def epoch(text: str) -> str:
    return str(int(datetime.fromisoformat(text).timestamp()))


def test_source_date_epoch_selects_today(make_site: Callable[..., Path]) -> None:
    root = make_site(UPCOMING_SITE, 'base_url = "https://example.com/"\n')
    before = ppgen(
        root, "build", "-q", "--out", "before", env={"SOURCE_DATE_EPOCH": epoch("2025-02-28T12:00:00+00:00")}
    )
    after = ppgen(
        root, "build", "-q", "--out", "after", env={"SOURCE_DATE_EPOCH": epoch("2025-03-01T00:00:00+00:00")}
    )
    assert before.returncode == 0 and after.returncode == 0, before.stderr + after.stderr
    assert in_force(root / "before") == "2025-01-01"
    assert "An updated policy takes effect on" in (root / "before" / "privacy" / "index.html").read_text(
        encoding="utf-8"
    )
    assert in_force(root / "after") == "2025-03-01"


def test_source_date_epoch_is_read_in_the_site_time_zone(make_site: Callable[..., Path]) -> None:
    # 2025-02-28 20:00 UTC is already 2025-03-01 in Tokyo.
    root = make_site(UPCOMING_SITE, 'base_url = "https://example.com/"\ntimezone = "Asia/Tokyo"\n')
    run = ppgen(root, "build", "-q", env={"SOURCE_DATE_EPOCH": epoch("2025-02-28T20:00:00+00:00")})
    assert run.returncode == 0, run.stderr
    assert in_force(root / "site") == "2025-03-01"


def test_as_of_wins_over_source_date_epoch_and_matches_it(make_site: Callable[..., Path]) -> None:
    root = make_site(UPCOMING_SITE, 'base_url = "https://example.com/"\n')
    late = {"SOURCE_DATE_EPOCH": epoch("2025-06-01T00:00:00+00:00")}
    assert ppgen(root, "build", "-q", "--as-of", "2025-02-01", "--out", "as-of", env=late).returncode == 0
    assert in_force(root / "as-of") == "2025-01-01"
    early = {"SOURCE_DATE_EPOCH": epoch("2025-02-01T09:00:00+00:00")}
    assert ppgen(root, "build", "-q", "--out", "epoch", env=early).returncode == 0
    assert_same_tree(root / "as-of", root / "epoch")


def test_without_either_today_is_the_real_date(make_site: Callable[..., Path]) -> None:
    root = make_site(
        {
            "content/privacy/2000-01-01.md": "---\ntitle: Privacy Policy\n---\n\n## A\n\nOld text.\n",
            "content/privacy/2999-01-01.md": "---\nsummary: Far future.\n---\n\n## A\n\nNew text.\n",
        },
        'base_url = "https://example.com/"\n',
    )
    set_mtimes(root, datetime(2999, 6, 1, tzinfo=UTC).timestamp())
    run = ppgen(root, "build", "-q")
    assert run.returncode == 0, run.stderr
    assert in_force(root / "site") == "2000-01-01"
    assert "An updated policy takes effect on" in (root / "site" / "privacy" / "index.html").read_text(
        encoding="utf-8"
    )
