"""The one Jinja2 Environment: the site's theme first, the default theme after.

Content is data: policy text reaches templates only as already-rendered, sanitised
HTML values; it is never compiled as a template.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateError, select_autoescape
from markupsafe import Markup

from ppgen.dates import long_date
from ppgen.errors import PpgenError, Problem, display_path


def default_theme() -> Path:
    """The default theme folder: inside the installed package, or beside it in a checkout."""
    packaged = Path(__file__).parent / "theme"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "theme"


class Theme:
    """Templates and static files, with the site's own theme overriding the default by name."""

    def __init__(self, override: Path | None, locale: str) -> None:
        default = default_theme()
        self.folders = [default] if override is None or override.resolve() == default.resolve() else [override, default]
        default_loader = FileSystemLoader(str(default / "templates"))
        loaders = [FileSystemLoader(str(folder / "templates")) for folder in self.folders]
        self.env = Environment(
            loader=ChoiceLoader([*loaders, PrefixLoader({"default": default_loader})]),
            autoescape=select_autoescape(["html", "xml"], default_for_string=True),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # a Theme serves one build; the preview makes a new one when a theme file changes
        )
        self.env.filters["date_long"] = lambda day: long_date(day, locale)
        self.env.filters["iso"] = lambda day: day.isoformat()

    def render(self, name: str, **context: Any) -> str:
        """Render a theme template; a template error names the template and line."""
        try:
            return self.env.get_template(name).render(**context)
        except TemplateError as err:
            line = getattr(err, "lineno", None)
            filename = getattr(err, "filename", None) or name
            raise PpgenError(Problem(f"theme template error: {err.message}", display_path(filename), line, "fix the template in your theme folder")) from None

    def compile_all(self) -> None:
        """Compile every template now, so that processes forked afterwards start with them compiled.

        Only a head start: a template that does not compile is reported when a page renders it."""
        for name in self.env.list_templates():
            if not name.startswith("default/"):
                try:
                    self.env.get_template(name)
                except TemplateError:
                    pass

    def static_files(self) -> dict[str, bytes]:
        """Static file name → bytes, the site's own files replacing the default's of the same name."""
        files: dict[str, bytes] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file() and not path.name.startswith("."):
                        if not path.resolve().is_relative_to(folder.resolve()):
                            # Publishing whatever a link points at could leak a file from anywhere on the machine.
                            raise PpgenError(
                                Problem("static file links to outside the theme folder", display_path(path), hint="copy the file into the theme instead of linking to it")
                            )
                        files[path.relative_to(static).as_posix()] = path.read_bytes()
        return dict(sorted(files.items()))


def fingerprint(name: str, data: bytes) -> str:
    """`style.css` → `style.<hash>.css`, so the file can be cached forever."""
    digest = hashlib.sha256(data).hexdigest()[:10]
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"


def html(markup: str) -> Markup:
    """Mark sanitised policy HTML as safe to insert (never as template source)."""
    return Markup(markup)

