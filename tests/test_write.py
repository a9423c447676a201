"""ppgen.site.write: refuses dangerous folders, swaps whole sites, loses nothing on failure."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ppgen.core.errors import PpgenError
from ppgen.core.system import Process, exchange
from ppgen.site.write import MARKER, Staging, check_output, write_files


def write_site(out: Path, files: dict[str, bytes]) -> None:
    with Staging(out) as staging:
        write_files(staging.folder, files)
        staging.commit()


def test_writes_files_and_marker(tmp_path: Path) -> None:
    write_site(tmp_path / "site", {"index.html": b"<p>hi</p>", "a/b/c.txt": b"x"})
    assert (tmp_path / "site/index.html").read_bytes() == b"<p>hi</p>"
    assert (tmp_path / "site/a/b/c.txt").read_bytes() == b"x"
    assert (tmp_path / "site" / MARKER).is_file()


def test_a_second_build_replaces_the_site_whole(tmp_path: Path) -> None:
    write_site(tmp_path / "site", {"old.html": b"old", "keep.html": b"1"})
    write_site(tmp_path / "site", {"keep.html": b"2"})
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [MARKER, "keep.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no staging folders are left behind"


def test_a_failed_write_leaves_the_old_site_exactly(tmp_path: Path) -> None:
    write_site(tmp_path / "site", {"index.html": b"good"})
    with pytest.raises(AssertionError):
        write_site(tmp_path / "site", {"index.html": b"new", "../escape.html": b"bad"})
    assert (tmp_path / "site/index.html").read_bytes() == b"good"
    assert not (tmp_path / "escape.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_site_written_in_batches_is_swapped_in_only_when_committed(tmp_path: Path) -> None:
    write_site(tmp_path / "site", {"index.html": b"old"})
    with pytest.raises(RuntimeError), Staging(tmp_path / "site") as staging:
        write_files(staging.folder, {"index.html": b"new", "a/one.html": b"1"})
        write_files(staging.folder, {"a/two.html": b"2"})
        assert (tmp_path / "site/index.html").read_bytes() == b"old", "nothing shows before the commit"
        raise RuntimeError("a policy failed after others were written")
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [MARKER, "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "the unfinished site is removed"


@pytest.mark.parametrize("name", ["/etc/passwd", "../x", "a/../../x"])
def test_unsafe_paths_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(AssertionError):
        write_site(tmp_path / "site", {name: b"x"})


def test_output_that_is_or_contains_the_content_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for out in (content, tmp_path):
        with pytest.raises(PpgenError, match="is, or contains, the content folder"):
            check_output(out, content)
    with pytest.raises(PpgenError, match="inside the content folder"):
        check_output(content / "site", content)


def test_a_non_empty_folder_not_made_by_ppgen_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(PpgenError) as err:
        check_output(out, tmp_path / "content")
    assert "not made by ppgen" in str(err.value) and "(" in str(err.value)
    (out / "thesis.tex").unlink()
    check_output(out, tmp_path / "content")


def test_what_the_system_refuses_is_said_of_the_output_folder(tmp_path: Path) -> None:
    staging = Staging(tmp_path / "site")
    inside = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(staging.folder / "privacy" / "index.html"))
    assert str(staging.problem(inside)) == (
        f"{tmp_path / 'site'}: cannot write privacy/index.html: No space left on device (make room on the disk "
        "or let ppgen write there, or choose another --out)"
    )
    itself = staging.problem(OSError(errno.EACCES, os.strerror(errno.EACCES), str(staging.folder)))
    assert itself.message == f"cannot write {staging.folder}: Permission denied"


# --- the swap, and what builds that were stopped leave behind -------------------------------------

LINUX = sys.platform.startswith("linux")

READER = """
import os, sys
path, stop = sys.argv[1], sys.argv[2]
reads = misses = 0
print("ready", flush=True)
while not os.path.exists(stop):
    for _ in range(100):
        try:
            with open(path, "rb") as file:
                file.read()
        except FileNotFoundError:
            misses += 1
        reads += 1
print(reads, misses)
"""


@pytest.mark.skipif(not LINUX, reason="the exchange is Linux's renameat2; elsewhere, the documented fallback")
def test_a_reader_never_finds_the_site_missing_while_sites_are_swapped(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, {"index.html": b"0", "a/b.html": b"x"})
    command = [sys.executable, "-c", READER, str(out / "index.html"), str(tmp_path / "stop")]
    reader = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdout.readline() == "ready\n"
        for n in range(100):
            write_site(out, {"index.html": str(n).encode(), "a/b.html": b"x"})
    finally:
        (tmp_path / "stop").touch()
        reads, misses = map(int, reader.communicate(timeout=30)[0].split())
    assert reads > 1000, "the reader hardly ran: the test says nothing"
    assert misses == 0, f"{misses} of {reads} reads found no {out.name}/index.html"
    assert (out / "index.html").read_bytes() == b"99"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "stop"]


@pytest.mark.skipif(not LINUX, reason="renameat2 is Linux's")
def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/x").write_text("a")
    (tmp_path / "b").mkdir()
    inode = (tmp_path / "a").stat().st_ino
    assert exchange(tmp_path / "a", tmp_path / "b") is True
    assert (tmp_path / "b/x").read_text() == "a" and not (tmp_path / "a/x").exists()
    assert (tmp_path / "b").stat().st_ino == inode
    with pytest.raises(FileNotFoundError):
        exchange(tmp_path / "a", tmp_path / "missing")


@pytest.mark.skipif(not LINUX, reason="renameat2 is Linux's")
def test_exchange_says_when_it_cannot_rather_than_failing(tmp_path: Path) -> None:
    # EINVAL is what a file system without the exchange answers; the kernel gives it here too, for a
    # folder that would end up inside itself. Either way: False, and nothing changed.
    (tmp_path / "a/b").mkdir(parents=True)
    assert exchange(tmp_path / "a", tmp_path / "a/b") is False
    assert (tmp_path / "a/b").is_dir()


def test_the_fallback_swaps_by_two_renames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As on a system or file system that cannot exchange (renameat2 missing, or EINVAL/ENOSYS).
    monkeypatch.setattr("ppgen.site.write.exchange", lambda a, b: False)
    write_site(tmp_path / "site", {"old.html": b"old", "keep.html": b"1"})
    write_site(tmp_path / "site", {"keep.html": b"2"})
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [MARKER, "keep.html"]
    assert (tmp_path / "site/keep.html").read_bytes() == b"2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def sleeper() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_folders_of_stopped_builds_are_removed_and_those_of_running_builds_kept(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, {"index.html": b"old"})
    ended, zombie, running = sleeper(), sleeper(), sleeper()
    try:
        gone, unreaped, alive = Process.of(ended.pid), Process.of(zombie.pid), Process.of(running.pid)
        ended.kill()
        ended.wait()
        zombie.kill()  # not waited for: ended, but still in the table of processes until reaped
        while (Path(f"/proc/{zombie.pid}/stat").read_text().split(") ")[1][0] != "Z") if LINUX else False:
            time.sleep(0.01)
        me = Process.current()
        stale = [
            f".site.ppgen-new-{gone.tag}",
            f".site.ppgen-old-{gone.tag}",
            f".site.ppgen-new-{unreaped.tag}",
            f".site.ppgen-new-{gone.pid}",  # a PID alone (ppgen's names before, and without /proc): ended
        ]
        if me.started is not None:
            stale.append(f".site.ppgen-new-{me.pid}-{me.started + 1}")  # this PID, but an earlier process's
        kept = [
            f".site.ppgen-new-{alive.tag}",  # a build that still runs
            f".site.ppgen-old-{alive.tag}",
            f".site.ppgen-new-{alive.pid}",
            ".site.ppgen-new-abc",  # not a name ppgen gives
            ".site.ppgen-new-0",
            f".other.ppgen-new-{gone.tag}",  # another output folder's
        ]
        for name in stale + kept:
            (tmp_path / name / "privacy").mkdir(parents=True)
            (tmp_path / name / "privacy/index.html").write_bytes(b"a whole site")
        (tmp_path / f".site.ppgen-old-{gone.pid}9").write_bytes(b"a file, not a folder ppgen made")
        kept.append(f".site.ppgen-old-{gone.pid}9")
        with Staging(out) as staging:
            write_files(staging.folder, {"index.html": b"new"})
            assert all((tmp_path / name).exists() for name in stale), "nothing is removed before the swap"
            staging.commit()
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", *kept])
        assert staging.warnings == []
        assert (out / "index.html").read_bytes() == b"new"
    finally:
        for process in (zombie, running):
            process.kill()
            process.wait()


def undeletable(path: Path, *, undo: bool = False) -> None:
    """Make a file impossible to delete (immutable: root ignores permissions), or possible again."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i" if undo else "+i", str(path)], check=True)
    else:
        path.parent.chmod(0o700 if undo else 0o500)


def test_an_old_site_that_cannot_be_removed_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "site"
    write_site(out, {"index.html": b"old", "privacy/index.html": b"old"})
    undeletable(out / "privacy/index.html")
    with Staging(out) as staging:
        write_files(staging.folder, {"index.html": b"new"})
        try:
            staging.commit()
        finally:
            undeletable(staging.retired / "privacy/index.html", undo=True)
    assert (out / "index.html").read_bytes() == b"new", "the new site is in place all the same"
    [warning] = staging.warnings
    assert warning.path == staging.retired.name and staging.retired.is_dir()
    assert warning.message.startswith("cannot remove the previous site: privacy/index.html: ")
    assert warning.hint == f"the new site is in place; remove this folder by hand: rm -rf {staging.retired}"
    write_site(out, {"index.html": b"newer"})  # once it can be removed, the next build does it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
