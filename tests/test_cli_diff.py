"""`ppgen diff POLICY FROM TO`: exit codes like diff(1), colour only on a terminal and never under NO_COLOR."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from ppgen.commands.cli import main
from ptys import drained
from test_redline import THEME_WORDS

REPO = Path(__file__).resolve().parent.parent
CONFIG = str(REPO / "ppgen.toml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", *args, "--config", CONFIG])
    return result.exit_code, result.stdout, result.stderr


def test_versions_that_differ_exit_1_with_a_plain_word_diff() -> None:
    code, out, _ = run("privacy", "2025-06-01", "2025-10-15")
    assert code == 1
    assert "(chat [-and image-]{+, image, video+} generation)" in out
    assert "\x1b[" not in out


def test_the_same_version_exits_0_and_prints_nothing() -> None:
    assert run("privacy", "2025-06-01", "2025-06-01") == (0, "", "")


def test_stat_counts_words_and_sections() -> None:
    code, out, _ = run("privacy", "2025-02-01", "2025-06-01", "--stat")
    assert code == 1
    assert "Cookies Policy" in out and "Data Security" in out and "(moved)" in out
    assert "41 words added(+), 0 words removed(-)" in out


def test_trouble_exits_2_with_path_and_hint() -> None:
    code, out, err = run("privacy", "2025-06-01", "2025-07-01")
    assert code == 2 and out == ""
    assert err.rstrip().endswith(
        "privacy: `privacy` has no version effective 2025-07-01 (versions: 2025-02-01, 2025-06-01, 2025-10-15)"
    )
    code, _, err = run("terms", "2025-06-01", "2025-10-15")
    assert code == 2 and "no policy `terms` (policies: privacy, de/privacy)" in err


def on_a_terminal(env: dict[str, str]) -> tuple[int, bytes]:
    """Run `ppgen diff` with stdout on a pseudo-terminal; return its exit code and what it printed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "ppgen", "diff", "privacy", "2025-06-01", "2025-10-15", "--config", CONFIG],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO,
    )
    os.close(follower)
    output = drained(leader)
    return process.wait(timeout=60), output


def test_colour_on_a_terminal_but_not_under_no_color() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")} | {"TERM": "xterm"}
    code, coloured = on_a_terminal(env)
    assert code == 1 and b"\x1b[" in coloured
    code, plain = on_a_terminal(env | {"NO_COLOR": "1"})
    assert code == 1 and b"\x1b[" not in plain and b"[-and image-]" in plain


def test_words_and_classes_match_the_redline_page() -> None:
    """A heading's level change is said as such, a replaced block is "changed" (not "deleted"), each
    change has its kind, and list items start with a bullet or their number, never with `- `."""
    from ppgen.redline.terminal import format_diff
    from ppgen.source.markdown import parse

    old = parse(
        "### Terms\n\nWe keep data.\n\n- first item here\n- second item here\n\n1. one\n2. two\n\n"
        "An old paragraph with nothing in common.\n",
        "a.md",
    )
    new = parse(
        "## Terms\n\nWe keep data!\n\n- first item here\n- second item, changed\n\n1. one\n2. two, now\n\n"
        "Brand new words entirely unrelated here.\n",
        "b.md",
    )
    out = format_diff(old, new, THEME_WORDS)
    assert "heading level 3 → 2" in out and "was heading, now heading" not in out
    assert ": changed · punctuation" in out  # "We keep data." → "We keep data!"
    assert ": changed · wording" in out and ": deleted" not in out
    assert "• second item" in out and "2. two" in out
    assert not [line for line in out.splitlines() if line.startswith(("- ", "+ "))]


def test_a_site_in_another_language_gets_the_words_of_its_pages(make_site: Callable[..., Path]) -> None:
    """`ppgen diff` says the kinds in the site's language, as its redline pages do (it said them in
    English whatever the language)."""
    root = make_site(
        {
            "content/privacy/2025-01-01.md": "---\ntitle: Datenschutz\n---\n\n## Daten\n\nWir speichern Daten.\n",
            "content/privacy/2025-03-01.md": "---\nsummary: Weniger\n---\n\n## Daten\n\nWir löschen Daten.\n",
        },
        'title = "T"\nbase_url = "https://t.example/"\nlanguage = "de"\n',
    )
    args = ["diff", "privacy", "2025-01-01", "2025-03-01", "--config", str(root / "ppgen.toml")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert ": geändert · Wortlaut" in result.stdout and "wording" not in result.stdout
