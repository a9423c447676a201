"""What the click commands share: the options every command that reads a site takes, the settings they
make, and how bad input becomes `path:line: message (hint)` lines and an exit status."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from ppgen.core.errors import PpgenError, Problem
from ppgen.core.findings import FORMATS
from ppgen.source.config import Settings, load_settings, with_overrides


def report(problems: tuple[Problem, ...] | list[Problem], label: str = "") -> None:
    """Each problem on its own line on stderr: `path:line: [label: ]message (hint)`."""
    for problem in problems:
        click.echo(problem.format(label), err=True)


@contextmanager
def errors_to_exit(code: int = 1, style: str = "text", command: str = "") -> Iterator[None]:
    """PpgenError → its `path:line: message (hint)` lines on stderr and exit `code`; with `style` json or
    github, the problems in that format on stdout instead (see `findings.format_findings`)."""
    try:
        yield
    except PpgenError as err:
        if style == "text":
            report(err.problems)
        else:
            from ppgen.core.findings import Finding, format_findings

            for line in format_findings([Finding.of(p) for p in err.problems], style, command):
                click.echo(line)
        sys.exit(code)


FORMAT = click.option(
    "--format",
    "style",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: path:line: message (hint); json: one document; github: workflow annotations.",
)


def day(_ctx: click.Context, _param: click.Parameter, value: datetime | None) -> date | None:
    return value.date() if value else None


CONFIG_HELP = "Site settings (default: ppgen.toml in this folder or the nearest one above it)."


def content_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options of every command that reads or writes a site's content: --config, --content."""
    function = click.option(
        "--content",
        type=click.Path(path_type=Path, file_okay=False),
        help="Content folder (default: content/ beside ppgen.toml).",
    )(function)
    function = click.option("--config", type=click.Path(path_type=Path, dir_okay=False), help=CONFIG_HELP)(
        function
    )
    return function


def site_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options every command that makes the site shares: --config, --content, --base-url."""
    function = click.option(
        "--base-url", metavar="URL", help="Absolute URL the site is served at (overrides base_url)."
    )(function)
    return content_options(function)


def settings_from(
    config: Path | None,
    content: Path | None,
    base_url: str | None,
    out: Path | None = None,
    *,
    for_disk: bool = False,
) -> Settings:
    """Settings from ppgen.toml (see `config.find_config`) and the command line."""
    settings = load_settings(config, base_url=base_url)
    return with_overrides(settings, content=content, output=out, for_disk=for_disk)


AS_OF = click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    callback=day,
    metavar="DATE",
    help="Build as if today were DATE (default: SOURCE_DATE_EPOCH, else today).",
)

ALLOW_SHALLOW = click.option(
    "--allow-shallow",
    is_flag=True,
    help="In a shallow git clone, warn and fall back to effective dates instead of failing.",
)


def shown(path: Path) -> str:
    from ppgen.core.errors import display_path

    return display_path(path)
