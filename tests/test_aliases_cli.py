"""Aliases and policy names through the command line: every bad one is a `path:line` error from `build`
(nothing on disk changed) and the same line from `check`; a good site's `_redirects` and `_headers` parse
as rules for its paths and nothing else."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bad_cases.aliases import CASES, TEXT, aliases
from badinput import AS_OF, CONFIG, GOOD, SECOND, Bad, apply, invoke, run_bad


@pytest.mark.parametrize("bad", CASES, ids=lambda b: b.name)
def test_bad_address(site: Path, bad: Bad) -> None:
    run_bad(site, bad)


@pytest.mark.parametrize("bad", CASES, ids=lambda b: b.name)
def test_check_reports_every_address_error_build_raises(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, bad: Bad
) -> None:
    root = make_site(GOOD, CONFIG)
    monkeypatch.chdir(root)
    apply(root, bad)
    built = invoke("build", *AS_OF)
    checked = invoke("check", *AS_OF)
    assert built.exit_code == checked.exit_code == 1
    assert built.stderr.splitlines() == checked.stdout.splitlines()


# --- nothing but paths in _redirects and _headers -------------------------------------------------

HEADER_NAMES = {
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cache-Control",
    "Content-Type",
}


def parse_redirects(text: str) -> list[tuple[str, str, str]]:
    """Netlify's `_redirects`: one rule a line, `from to status` (`*`, `:name` and `!` would say more)."""
    rules = []
    for line in text.splitlines():
        fields = line.split()
        assert len(fields) == 3 and fields[2] == "301", line
        assert not any(c in line for c in "*:!?#\\"), line
        rules.append((fields[0], fields[1], fields[2]))
    return rules


def parse_headers(text: str) -> dict[str, list[str]]:
    """Netlify's `_headers`: a path line, then indented `Name: value` lines."""
    blocks: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("  "):
            name, _, value = line.strip().partition(": ")
            assert current is not None and name in HEADER_NAMES and value, line
            blocks[current].append(name)
        else:
            assert re.fullmatch(r"/[A-Za-z0-9._~%/-]*?(\*|\*\.md)?", line), (
                line
            )  # a path; ppgen's own `*` at the end
            current = line
            blocks[current] = []
    return blocks


def test_a_site_with_aliases_publishes_nothing_but_rules_for_its_paths(site: Path) -> None:
    names = ["/privacy-policy/", "/old/privacy.html", "/~legal/v1.2/", "/Legal/Privacy_2019"]
    (site / SECOND).write_text(aliases("[" + ", ".join(names) + "]")[SECOND], encoding="utf-8")
    result = invoke("build", *AS_OF, "-q")
    assert result.exit_code == 0, result.stderr
    rules = parse_redirects((site / "site" / "_redirects").read_text())
    assert sorted(rules) == sorted((name, "/legal/privacy/", "301") for name in names)
    blocks = parse_headers((site / "site" / "_headers").read_text())
    assert set(blocks["/*"]) == {
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "X-Frame-Options",
    }
    assert (site / "site" / "Legal" / "Privacy_2019" / "index.html").is_file()
    assert TEXT in (site / SECOND).read_text()
