"""Where a build's theme is: the site's own theme folder, then the default theme ppgen ships, each read
under the path guard (nothing read under it may leave it)."""

from __future__ import annotations

from pathlib import Path

from ppgen.core.paths import Root


def theme_root(folder: Path) -> Root:
    """A theme folder as the root nothing read under it may leave."""
    return Root.of(folder, "the theme folder", _THEME_HINT)


def default_theme() -> Path:
    """The default theme folder: inside the installed package, or beside it in a checkout."""
    packaged = Path(__file__).parent.parent / "theme"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent.parent / "theme"


def theme_folders(override: Path | None) -> list[Path]:
    """Every theme folder a build reads, the site's own (`Settings.theme_dir`) first and the default last:
    the Theme reads them, the preview hashes them and watches them."""
    default = default_theme()
    return [default] if override is None or override.resolve() == default.resolve() else [override, default]


_THEME_HINT = "copy the file into the theme instead of linking to it"
