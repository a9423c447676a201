"""The command line: thin click commands, each calling one library function."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from ppgen import __version__
from ppgen.config import Settings, load_settings, with_overrides
from ppgen.errors import PpgenError, Problem

_PROGRESS_FROM = 200
"""Builds with at least this many pages show a progress bar on a terminal."""


def _report(problems: tuple[Problem, ...] | list[Problem], label: str = "") -> None:
    for problem in problems:
        text = str(problem)
        if label:
            text = f"{problem.path}:{problem.line}: {label}: {problem.message}" if problem.path and problem.line else f"{label}: {text}"
            text += f" ({problem.hint})" if problem.hint and problem.path and problem.line else ""
        click.echo(text, err=True)


@contextmanager
def _errors_to_exit() -> Iterator[None]:
    """PpgenError → its `path:line: message (hint)` lines on stderr and exit code 1."""
    try:
        yield
    except PpgenError as err:
        _report(err.problems)
        sys.exit(1)


def _day(_ctx: click.Context, _param: click.Parameter, value: datetime | None) -> date | None:
    return value.date() if value else None


def site_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options every site command shares: --config, --content, --base-url."""
    function = click.option("--base-url", metavar="URL", help="Absolute URL the site is served at (overrides base_url).")(function)
    function = click.option("--content", type=click.Path(path_type=Path, file_okay=False), help="Content folder (default: content/ beside ppgen.toml).")(function)
    function = click.option("--config", type=click.Path(path_type=Path, dir_okay=False), help="Site settings (default: ./ppgen.toml when present).")(function)
    return function


def settings_from(config: Path | None, content: Path | None, base_url: str | None, out: Path | None = None) -> Settings:
    """Settings from ppgen.toml and the command line."""
    return with_overrides(load_settings(config, base_url=base_url), content=content, output=out)


AS_OF = click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    callback=_day,
    metavar="DATE",
    help="Build as if today were DATE (default: SOURCE_DATE_EPOCH, else today).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ppgen")
def main() -> None:
    """ppgen builds a static site of versioned legal policies: the policy in force,
    every earlier version, redlines between versions, feeds and a truthful "Last updated"."""


@main.command()
@site_options
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), help="Output folder (default: site/ beside ppgen.toml).")
@AS_OF
@click.option(
    "--changed-since",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="OLD_MANIFEST",
    help="Print `A|M|D path` on stdout for every file that differs from an earlier build's ppgen-manifest.json.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (and --changed-since lines).")
def build(
    config: Path | None, content: Path | None, base_url: str | None, out: Path | None, as_of: date | None, changed_since: Path | None, quiet: bool
) -> None:
    """Build the site. Everything is validated first; on any error the previous site is left as it was."""
    from ppgen.build import build as build_site

    with _errors_to_exit():
        settings = settings_from(config, content, base_url, out)
        bar: Any = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None and total >= _PROGRESS_FROM:
                bar = click.progressbar(length=total, label="Rendering", file=sys.stderr)
                bar.__enter__()
            if bar is not None:
                bar.update(1)

        show = not quiet and sys.stderr.isatty()
        try:
            result = build_site(settings, as_of=as_of, progress=progress if show else None, changed_since=changed_since)
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)
        for line in result.changes or ():
            click.echo(line)
        if not quiet:
            _report(result.warnings, "warning")
            click.echo(f"Built {result.pages} pages ({result.files} files) in {result.seconds:.2f} s into {_shown(result.out)}", err=True)


def _shown(path: Path) -> str:
    from ppgen.errors import display_path

    return display_path(path)
