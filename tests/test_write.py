"""ppgen.write: refuses dangerous folders, swaps whole sites, loses nothing on failure."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from ppgen.errors import PpgenError
from ppgen.write import MARKER, Staging, check_output, write_files


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
    assert str(staging.problem(inside)) == f"{tmp_path / 'site'}: cannot write privacy/index.html: No space left on device (make room on the disk or let ppgen write there, or choose another --out)"
    itself = staging.problem(OSError(errno.EACCES, os.strerror(errno.EACCES), str(staging.folder)))
    assert itself.message == f"cannot write {staging.folder}: Permission denied"
