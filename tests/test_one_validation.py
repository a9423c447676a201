"""`check` and `build` share one validation phase (issue 13): `build.validate` loads nothing itself but checks
the site as a whole and parses every version, the same way for both, so a rule added to that phase is
reported by `check` without a line of check's own."""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any

import pytest

from badinput import AS_OF, CONFIG, GOOD, SECOND, invoke
from ppgen.core.errors import PpgenError, Problem
from ppgen.pipeline import cached
from ppgen.source import texts

PACKAGE = Path(__file__).resolve().parent.parent / "ppgen"
MARK = "Zeta-rule-marker"


def _site(root: Path) -> None:
    (root / "ppgen.toml").write_text(CONFIG, encoding="utf-8")
    for name, data in GOOD.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(str(data), encoding="utf-8")
    text = str(GOOD[SECOND]).replace("and cookies.", f"and cookies. {MARK}")
    (root / SECOND).write_text(text, encoding="utf-8")


def test_a_problem_the_build_phase_finds_is_one_check_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new rule of the build's parse step (here: a marker word, put in `cached.safe_parse`, which
    phase 1 of a build parses with) fails the build, and `check` reports it with the same path,
    line and code, though check.py knows nothing of it."""
    parse = cached.safe_parse

    def stricter(args: Any) -> Any:
        found = parse(args)
        version, body = args[0], args[1] if args[1] is not None else texts.body(args[0])
        if MARK in body:
            line = version.body_line + body[: body.index(MARK)].count("\n")
            return PpgenError(
                Problem(f"the text holds {MARK}", version.path, line, "remove it", code="raw-html")
            )
        return found

    monkeypatch.setattr(cached, "safe_parse", stricter)
    _site(tmp_path)
    os.chdir(tmp_path)
    built = invoke("build", *AS_OF, "--jobs", "1")
    assert built.exit_code == 1, built.output
    expected = f"{SECOND}:11: the text holds {MARK}"
    assert expected in built.stderr
    checked = invoke("check", *AS_OF, "--format", "json")
    assert checked.exit_code == 1, checked.output
    assert (
        f'"path": "{SECOND}"' in checked.stdout and '"line": 11' in checked.stdout and MARK in checked.stdout
    )
    assert '"code": "raw-html"' in checked.stdout


def test_check_has_no_parse_loop_of_its_own() -> None:
    """check.py parses nothing itself and asks the build for its phase 1 (`build.validate`), which
    `build.parse_site` goes through too."""
    check = ast.parse((PACKAGE / "commands" / "check.py").read_text())
    called = {
        node.func.attr
        for node in ast.walk(check)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    names = {
        node.func.id
        for node in ast.walk(check)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert "parse" not in called and "site_problems" not in names, "check.py parses or checks the site itself"
    assert "validate" in names
    build = ast.parse((PACKAGE / "pipeline" / "build.py").read_text())
    parse_site = next(n for n in build.body if isinstance(n, ast.FunctionDef) and n.name == "parse_site")
    assert "validate" in {
        n.func.id for n in ast.walk(parse_site) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    }
