"""`ppgen check` reports every error `ppgen build` raises, on every bad input the suite knows.

`badinput.all_cases()` gathers them (test_cli_build.BAD and tests/bad_cases/*.py). Each case with
`check_too` is applied to a fresh good site; `build` must fail, and `check` must exit 1 and report
each of build's error lines: the same path, line and message (the hint may be worded for the
command; check may put a label such as `error:` before the message), and, through `--format json`,
the same stable code (`findings.CODES`).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from badinput import AS_OF, CONFIG, GOOD, Bad, all_cases, apply
from ppgen.commands.cli import main
from ppgen.core.findings import CODES, RULES

CASES = [case for case in all_cases() if case.check_too]
LINE = re.compile(r"(?P<path>[^:\n]+?)(?::(?P<line>\d+))?: (?:(?:error|warning): )?(?P<rest>.+)")
"""`path:line: [label: ]message (hint)`, the line being optional."""


def invoke(*args: str) -> Result:
    """The command line in this process; a traceback fails the test."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def without_hint(rest: str) -> str:
    """`message (hint)` → `message`: cut at the space before the parenthesis that closes at the end."""
    if not rest.endswith(")"):
        return rest
    depth = 0
    for index in range(len(rest) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(rest[index], 0)
        if depth == 0:
            return rest[: index - 1] if rest[index - 1 : index] == " " else rest
    return rest


def parts(line: str) -> tuple[str, str | None, str] | None:
    """(path, line, message) of an error line, or None when it is not one."""
    match = LINE.fullmatch(line)
    return (match["path"], match["line"], without_hint(match["rest"])) if match else None


def _options(command: str) -> dict[str, click.Option]:
    return {
        name: param
        for param in main.commands[command].params
        if isinstance(param, click.Option)
        for name in param.opts
    }


def check_args(build_args: tuple[str, ...]) -> list[str]:
    """The case's extra build arguments that `check` takes too (--config, --base-url…), values included."""
    build, check = _options("build"), _options("check")
    kept: list[str] = []
    args = list(build_args)
    while args:
        arg = args.pop(0)
        name, joined, _ = arg.partition("=")
        param = build.get(name)
        assert param is not None, f"{arg!r} is not an option of ppgen build"
        value = [args.pop(0)] if not (param.is_flag or joined) else []
        if name in check:
            kept += [arg, *value]
    return kept


def test_check_args_keep_only_what_check_takes() -> None:
    assert check_args(
        ("--out", "x", "-q", "--base-url", "https://a.example/", "--jobs", "2", "--allow-shallow")
    ) == ["--base-url", "https://a.example/", "--allow-shallow"]
    assert without_hint("bad `x` (fix (it))") == "bad `x`" and without_hint("no hint") == "no hint"


@pytest.fixture
def fresh_site(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A good two-version site, the working folder, not built yet."""
    root = make_site(GOOD, CONFIG)
    monkeypatch.chdir(root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return root


@pytest.mark.parametrize("bad", CASES, ids=[case.name for case in CASES])
def test_check_reports_every_error_build_raises(fresh_site: Path, bad: Bad) -> None:
    apply(fresh_site, bad)
    built = invoke("build", *AS_OF, *bad.args)
    assert built.exit_code == 1, (
        f"build accepted the bad input (see the case's own test): exit {built.exit_code}\n{built.stderr}"
    )
    errors = built.stderr.splitlines()
    assert errors and all(parts(line) for line in errors), (
        f"build's stderr is not all `path:line: message` lines:\n{built.stderr}"
    )
    checked = invoke("check", *AS_OF, *check_args(bad.args))
    reported = {parts(line) for line in checked.stdout.splitlines()}
    missing = [line for line in errors if parts(line) not in reported]
    assert checked.exit_code == 1 and not missing, (
        f"check exit {checked.exit_code}; build's errors it does not report:\n"
        + "\n".join(missing)
        + f"\n--- check said:\n{checked.stdout}{checked.stderr}"
    )


def _rows(result: Result) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(result.stdout)["problems"]
    return rows


@pytest.mark.parametrize("bad", CASES, ids=[case.name for case in CASES])
def test_check_reports_each_build_error_with_its_code(fresh_site: Path, bad: Bad) -> None:
    """Through `--format json`: each of build's problems carries a stable code of `findings.CODES`, and
    check reports a problem at the same path and line with the same code."""
    apply(fresh_site, bad)
    built = invoke("build", *AS_OF, "--format", "json", *bad.args)
    assert built.exit_code == 1, built.output
    errors = _rows(built)
    assert errors, built.stdout
    unknown = [row for row in errors if row["code"] not in CODES and row["code"] not in RULES]
    assert not unknown, f"problems without a known code: {unknown}"
    checked = invoke("check", *AS_OF, "--format", "json", *check_args(bad.args))
    reported = {(row["path"], row["line"], row["code"]) for row in _rows(checked)}
    missing = [row for row in errors if (row["path"], row["line"], row["code"]) not in reported]
    assert checked.exit_code == 1 and not missing, (
        f"not reported by check: {missing}\n--- check:\n{checked.stdout}"
    )


def test_every_code_is_in_the_table_and_used() -> None:
    """The codes given in ppgen's source are exactly the table's (`findings.CODES`, and RULES for check's own)."""
    package = Path(__file__).resolve().parent.parent / "ppgen"
    used = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "code" and isinstance(node.value, ast.Constant):
                used.add(node.value.value)
    assert used - CODES.keys() - RULES.keys() == set()
    assert CODES.keys() - used == set(), "codes in the table that nothing gives"
    assert CODES.keys() & RULES.keys() <= {"duplicate-id", "template-syntax"}
