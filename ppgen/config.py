"""ppgen.toml → frozen Settings, validated in one pass (every error reported, unknown keys rejected)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ppgen.dates import known_locale
from ppgen.errors import PpgenError, Problem, display_path

CONFIG_NAME = "ppgen.toml"
DIFF_PAIR_KINDS = ("adjacent", "to-current", "all")


@dataclass(frozen=True)
class Settings:
    """Site settings. Paths are absolute; every key of ppgen.toml is optional."""

    root: Path
    """The folder holding ppgen.toml (or the working folder when there is none)."""
    content_dir: Path
    """Where the policies are (`content`, default `content/`)."""
    output_dir: Path
    """Where the site is written (`output`, default `site/`)."""
    theme_dir: Path | None
    """The site's own theme folder overriding the default theme (`theme`), when it exists."""
    title: str = "Policies"
    """The site's name, shown on the index page and in feeds (`title`)."""
    description: str = ""
    """One sentence about the site, for the index page and feeds (`description`)."""
    publisher: str = ""
    """Who publishes the policies; the feeds' author (`publisher`, default: `title`)."""
    base_url: str | None = None
    """Absolute URL the site is served at, ending in `/` (`base_url`)."""
    timezone: str = "UTC"
    """IANA zone in which dates are interpreted (`timezone`)."""
    language: str = "en"
    """The HTML `lang` of the pages (`language`)."""
    locale: str = "en_US"
    """The locale dates are written in (`locale`), e.g. "October 15, 2025"."""
    raw_html: str = "error"
    """`error`: active content in raw HTML stops the build; `strip`: removed with a warning."""
    diff_pairs: tuple[str, ...] = ("adjacent", "to-current")
    """Which redlines are pre-rendered: any of `adjacent`, `to-current`, `all`."""
    notice_days: int = 30
    """Days of notice `ppgen check` expects before an upcoming version takes effect."""
    pretty_urls: bool = True
    """`dir/index.html` (true) or `dir.html` files for hosts that do not resolve index files."""
    config_path: Path | None = field(default=None, compare=False)
    """The file the settings came from, if any."""

    @property
    def zone(self) -> ZoneInfo:
        """The site's time zone."""
        return ZoneInfo(self.timezone)


_STRING_KEYS = ("title", "description", "publisher", "timezone", "language", "locale")
_PATH_KEYS = ("content", "output", "theme")
_KNOWN = set(_STRING_KEYS) | set(_PATH_KEYS) | {"base_url", "raw_html", "diff_pairs", "notice_days", "pretty_urls"}


def _key_line(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def normalise_base_url(value: str) -> str | None:
    """`value` with a trailing slash, or None when it is not an absolute http(s) URL."""
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        return None
    return value if value.endswith("/") else value + "/"


def load_settings(config: Path | None = None, *, base_url: str | None = None) -> Settings:
    """Read ppgen.toml (the given file, else ./ppgen.toml when present) into Settings."""
    path = config if config is not None else Path(CONFIG_NAME)
    if config is not None and not path.is_file():
        raise PpgenError(Problem("config file not found", display_path(path), hint="pass an existing ppgen.toml to --config"))
    data: dict[str, Any] = {}
    text = ""
    shown = display_path(path)
    if path.is_file():
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
            data = tomllib.loads(text)
        except UnicodeDecodeError as err:
            line = raw.count(b"\n", 0, err.start) + 1
            raise PpgenError(Problem("file is not UTF-8", shown, line, "save it as UTF-8")) from None
        except tomllib.TOMLDecodeError as err:
            match = re.search(r"line (\d+)", str(err))
            raise PpgenError(
                Problem(f"invalid TOML: {err}", shown, int(match.group(1)) if match else None, "see https://toml.io")
            ) from None
    root = (path.parent if path.is_file() else Path.cwd()).resolve()
    problems: list[Problem] = []

    def bad(key: str, message: str, hint: str) -> None:
        problems.append(Problem(message, shown, _key_line(text, key), hint))

    for key in sorted(set(data) - _KNOWN):
        bad(key, f"unknown setting `{key}`", "known settings: " + ", ".join(sorted(_KNOWN)))
    values: dict[str, Any] = {}
    for key in _STRING_KEYS + _PATH_KEYS:
        if key in data:
            if isinstance(data[key], str) and data[key].strip():
                values[key] = data[key].strip()
            else:
                bad(key, f"`{key}` must be a non-empty string", f'write {key} = "…"')
    zone = values.get("timezone", "UTC")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        bad("timezone", f"unknown time zone `{zone}`", 'use an IANA name such as "Europe/Berlin" or "UTC"')
    if "locale" in values and not known_locale(values["locale"]):
        bad("locale", f"unknown locale `{values['locale']}`", 'use a locale such as "en_US" or "de_DE"')
    url = data.get("base_url") if base_url is None else base_url
    if url is not None:
        normal = normalise_base_url(url) if isinstance(url, str) else None
        if normal is None:
            bad("base_url", f"base_url `{url}` is not an absolute http(s) URL", 'write e.g. base_url = "https://example.com/legal/"')
        values["base_url"] = normal
    raw_html = data.get("raw_html", "error")
    if raw_html not in ("error", "strip"):
        bad("raw_html", f"raw_html must be \"error\" or \"strip\", not {raw_html!r}", 'raw_html = "error" stops on active content; "strip" removes it with a warning')
    pairs = data.get("diff_pairs", ["adjacent", "to-current"])
    pairs = [pairs] if isinstance(pairs, str) else pairs
    if not isinstance(pairs, list) or not pairs or any(p not in DIFF_PAIR_KINDS for p in pairs):
        bad("diff_pairs", f"diff_pairs must be one or more of {', '.join(DIFF_PAIR_KINDS)}", 'e.g. diff_pairs = ["adjacent", "to-current"]')
        pairs = ["adjacent"]
    notice = data.get("notice_days", 30)
    if not isinstance(notice, int) or isinstance(notice, bool) or notice < 0:
        bad("notice_days", "notice_days must be a whole number of days, 0 or more", "e.g. notice_days = 30")
        notice = 30
    pretty = data.get("pretty_urls", True)
    if not isinstance(pretty, bool):
        bad("pretty_urls", "pretty_urls must be true or false", "true writes dir/index.html, false writes dir.html")
        pretty = True
    if problems:
        raise PpgenError(*problems)

    theme = root / values.get("theme", "theme")
    title = values.get("title", "Policies")
    return Settings(
        root=root,
        content_dir=(root / values.get("content", "content")).resolve(),
        output_dir=(root / values.get("output", "site")).resolve(),
        theme_dir=theme.resolve() if theme.is_dir() else None,
        title=title,
        description=values.get("description", ""),
        publisher=values.get("publisher", title),
        base_url=values.get("base_url"),
        timezone=zone,
        language=values.get("language", "en"),
        locale=values.get("locale", "en_US"),
        raw_html=raw_html,
        diff_pairs=tuple(sorted(set(pairs), key=DIFF_PAIR_KINDS.index)),
        notice_days=notice,
        pretty_urls=pretty,
        config_path=path.resolve() if path.is_file() else None,
    )


def with_overrides(settings: Settings, *, content: Path | None = None, output: Path | None = None) -> Settings:
    """Settings with command-line folders taking precedence over ppgen.toml."""
    if content is not None:
        settings = replace(settings, content_dir=content.resolve())
    if output is not None:
        settings = replace(settings, output_dir=output.resolve())
    return settings
