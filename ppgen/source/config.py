"""ppgen.toml → frozen Settings, validated in one pass (every error reported, unknown keys rejected)."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ppgen.core.chars import control_hint, find_control
from ppgen.core.dates import MAX_NOTICE_DAYS, known_locale
from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.source.baseurl import base_url_problem, normalise_base_url

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
    """The controlling language: the HTML `lang` of the pages at today's addresses (`language`, or the first
    of `languages`)."""
    languages: tuple[str, ...] = ()
    """Every language the site publishes, the controlling one first (`languages`); empty: one language."""
    locale: str = "en_US"
    """The locale dates are written in (`locale`), e.g. "October 15, 2025"."""
    raw_html: str = "error"
    """`error`: active content in raw HTML stops the build; `strip`: removed with a warning."""
    template_syntax: str = "error"
    """`error`: `{{ … }}`/`{% … %}` left from another tool stops the build; `text`: shown as written."""
    diff_pairs: tuple[str, ...] = ("adjacent", "to-current")
    """Which redlines are pre-rendered: any of `adjacent`, `to-current`, `all`."""
    notice_days: int = 30
    """Days of notice `ppgen check` expects before an upcoming version takes effect."""
    pretty_urls: bool = True
    """`dir/index.html` (true) or `dir.html` files for hosts that do not resolve index files."""
    pdf: bool = False
    """Also write a PDF of every version and of every pre-rendered redline beside its page (`pdf`; needs the
    `pdf` extra, WeasyPrint)."""
    for_disk: bool = False
    """Links name files (`privacy/index.html`): the site opens from the file system (`build --for-disk`)."""
    worded: tuple[tuple[str, str, str], ...] = ()
    """(setting, language, value) for `title`, `description` and `publisher` given per language (`title = {en =
    "…", de = "…"}`): the values of the languages other than the controlling one (see `in_language`)."""
    config_path: Path | None = field(default=None, compare=False)
    """The file the settings came from, if any."""

    @property
    def theme_folder(self) -> Path:
        """The site's own theme folder as configured (`theme`, default `theme/`), whether or not it exists yet
        (`themes.theme_folders` gives every folder a build reads, the default theme's included)."""
        return self.theme_dir or self.root / "theme"

    @property
    def translations(self) -> tuple[str, ...]:
        """The languages other than the controlling one, in the order of `languages`."""
        return self.languages[1:]

    def locale_of(self, language: str | None) -> str:
        """The locale dates and numbers are written in on a page in `language` (None: the controlling one):
        `locale` for the controlling language, the language's own for a translation (`de-CH` → `de_CH`)."""
        if language is None or language == self.language:
            return self.locale
        return language.replace("-", "_")

    def in_language(self, language: str | None) -> Settings:
        """The settings as a page in `language` shows them (None: the controlling one): its own `title`,
        `description` and `publisher` where the site gives them per language, else the controlling one's."""
        own = {key: value for key, tag, value in self.worded if tag == language}
        if not own:
            return self
        return replace(
            self,
            title=own.get("title", self.title),
            description=own.get("description", self.description),
            publisher=own.get("publisher", self.publisher),
        )

    @property
    def zone(self) -> ZoneInfo:
        """The site's time zone."""
        return ZoneInfo(self.timezone)


_STRING_KEYS = ("title", "description", "publisher", "timezone", "language", "locale")
_WORDED_KEYS = ("title", "description", "publisher")
"""The settings a site may give per language, as a table of language tag → text (`title = {en = "…", de = "…"}`)."""
_PATH_KEYS = ("content", "output", "theme")
_KNOWN = (
    set(_STRING_KEYS)
    | set(_PATH_KEYS)
    | {"base_url", "raw_html", "diff_pairs", "notice_days", "pretty_urls", "pdf"}
)
_KNOWN |= {"template_syntax", "languages"}


def _key_line(text: str, key: str, part: str | None = None) -> int | None:
    """The line of `key =` in the settings' text; with `part`, of `key.part =` (or of `[key]`'s `part =`)
    when written so, else of `key`."""
    patterns = [rf"^\s*([\"']?){re.escape(key)}\1\s*=", rf"^\s*\[\s*([\"']?){re.escape(key)}\1\s*\]"]
    if part is not None:
        patterns.insert(0, rf"^\s*([\"']?){re.escape(key)}\1\s*\.\s*([\"']?){re.escape(part)}\2\s*=")
    for pattern in patterns:
        match = re.search(pattern, text, re.MULTILINE)
        if match:
            return text.count("\n", 0, match.start()) + 1
    return None


def setting_line(settings: Settings, key: str) -> int | None:
    """The line of `key =` in the settings file the site was loaded from (None: no such file, or not set
    there), for a message about a setting found wrong after loading, such as a library `pdf = true` needs."""
    try:
        text = settings.config_path.read_text(encoding="utf-8") if settings.config_path else ""
    except (OSError, UnicodeDecodeError):
        return None
    return _key_line(text, key)


_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
"""A BCP 47 language tag, as HTML's `lang` takes it (`en`, `de-CH`, `zh-Hant-TW`)."""


def _real(path: Path) -> Path:
    """`path` absolute, links resolved as far as they go. Unlike Path.resolve it never raises on a link
    loop: the loader's path guard reports that, with the folder's name, when it reads the folder."""
    return Path(os.path.realpath(path))


def find_config(start: Path) -> Path | None:
    """The ppgen.toml in `start` or the nearest folder above it, as git finds `.git`; None when no folder
    up to the file-system root has one. Relative to `start` when `start` is relative (`../../ppgen.toml`)."""
    here = Path(os.path.abspath(start))
    for up, folder in enumerate((here, *here.parents)):
        try:
            found = (folder / CONFIG_NAME).is_file()
        except OSError:  # a folder above that this user may not look into: as if it had none
            found = False
        if found:
            return folder / CONFIG_NAME if start.is_absolute() else start.joinpath(*[".."] * up, CONFIG_NAME)
    return None


def load_settings(config: Path | None = None, *, base_url: str | None = None) -> Settings:
    """Read ppgen.toml (the given file, else the one found by `find_config` from the working folder) into
    Settings; paths in it are relative to its folder."""
    path = config if config is not None else find_config(Path()) or Path(CONFIG_NAME)
    if config is not None and not path.is_file():
        raise PpgenError(
            Problem(
                "config file not found",
                display_path(path),
                hint="pass an existing ppgen.toml to --config",
                code="settings",
            )
        )
    data: dict[str, Any] = {}
    text = ""
    shown = display_path(path)
    if path.is_file():
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise PpgenError(
                Problem(
                    f"cannot read the settings: {err.strerror or err}",
                    shown,
                    hint="let ppgen read the file",
                    code="settings",
                )
            ) from None
        try:
            text = raw.decode("utf-8")
            data = tomllib.loads(text)
        except UnicodeDecodeError as err:
            line = raw.count(b"\n", 0, err.start) + 1
            raise PpgenError(
                Problem("file is not UTF-8", shown, line, "save it as UTF-8", code="encoding")
            ) from None
        except tomllib.TOMLDecodeError as err:
            match = re.search(r"line (\d+)", str(err))
            raise PpgenError(
                Problem(
                    f"invalid TOML: {err}",
                    shown,
                    int(match.group(1)) if match else None,
                    "see https://toml.io",
                    code="settings",
                )
            ) from None
    root = _real(path.parent if path.is_file() else Path.cwd())
    problems: list[Problem] = []

    def bad(key: str, message: str, hint: str) -> None:
        problems.append(Problem(message, shown, _key_line(text, key), hint, code="settings"))

    for key in sorted(set(data) - _KNOWN):
        bad(key, f"unknown setting `{key}`", "known settings: " + ", ".join(sorted(_KNOWN)))
    values: dict[str, Any] = {}
    worded: dict[str, dict[str, Any]] = {}
    for key in _STRING_KEYS + _PATH_KEYS:
        if key in _WORDED_KEYS and isinstance(data.get(key), dict):
            worded[key] = data[key]  # checked below, once `languages` is known
        elif key in data:
            control = find_control(data[key]) if isinstance(data[key], str) else None
            if control is not None:  # a TOML escape ("\u0001"): it would end up in every page and feed
                bad(key, f"control character {control.name} in `{key}`", control_hint(control))
            elif isinstance(data[key], str) and data[key].strip():
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
    if "language" in values and not _LANGUAGE.fullmatch(values["language"]):
        bad("language", f"`{values['language']}` is not a language tag", 'e.g. "en", "de" or "pt-BR"')
    languages: list[str] = []
    if "languages" in data:
        listed = data["languages"]
        hint = 'e.g. languages = ["en", "de"]: the first is the controlling language'
        if not isinstance(listed, list) or not listed or not all(isinstance(x, str) for x in listed):
            bad("languages", "`languages` must be a list of language tags", hint)
        else:
            for tag in listed:
                if not _LANGUAGE.fullmatch(tag) or not known_locale(tag.replace("-", "_")):
                    bad("languages", f"`{tag}` in `languages` is not a language tag ppgen knows", hint)
                elif tag.lower() in (x.lower() for x in languages):
                    bad("languages", f"`{tag}` is listed twice in `languages`", "list each language once")
                else:
                    languages.append(tag)
            if "language" in values and languages and values["language"] != languages[0]:
                message = (
                    f"`language` ({values['language']}) is not the first of `languages` ({languages[0]})"
                )
                bad(
                    "language",
                    message,
                    "the first of `languages` is the controlling language: remove `language`",
                )
    by_language = _worded(worded, languages or [values.get("language", "en")], text, problems, shown)
    values.update({key: texts[0] for key, texts in by_language.items() if texts[0] is not None})
    if base_url is not None:  # the option wins over ppgen.toml, and its mistakes are the option's
        reason = base_url_problem(base_url)
        if reason is not None:
            hint = "write e.g. --base-url https://example.com/legal/"
            problems.append(Problem(f"`{base_url}` {reason}", "--base-url", None, hint, code="settings"))
        values["base_url"] = normalise_base_url(base_url)
    elif "base_url" in data:
        url = data["base_url"]
        reason = base_url_problem(url) if isinstance(url, str) else "is not an absolute http(s) URL"
        if reason is not None:
            bad("base_url", f"base_url `{url}` {reason}", 'e.g. base_url = "https://example.com/legal/"')
        values["base_url"] = normalise_base_url(url) if isinstance(url, str) else None
    raw_html = data.get("raw_html", "error")
    if raw_html not in ("error", "strip"):
        bad(
            "raw_html",
            f'raw_html must be "error" or "strip", not {raw_html!r}',
            'raw_html = "error" stops on active content; "strip" removes it with a warning',
        )
    template_syntax = data.get("template_syntax", "error")
    if template_syntax not in ("error", "text"):
        message = f'template_syntax must be "error" or "text", not {template_syntax!r}'
        hint = 'template_syntax = "error" stops on {{ … }} and {% … %}; "text" shows them as written, warned'
        bad("template_syntax", message, hint)
    pairs = data.get("diff_pairs", ["adjacent", "to-current"])
    pairs = [pairs] if isinstance(pairs, str) else pairs
    if not isinstance(pairs, list) or not pairs or any(p not in DIFF_PAIR_KINDS for p in pairs):
        bad(
            "diff_pairs",
            f"diff_pairs must be one or more of {', '.join(DIFF_PAIR_KINDS)}",
            'e.g. diff_pairs = ["adjacent", "to-current"]',
        )
        pairs = ["adjacent"]
    notice = data.get("notice_days", 30)
    if not isinstance(notice, int) or isinstance(notice, bool) or not 0 <= notice <= MAX_NOTICE_DAYS:
        message = f"notice_days must be a whole number of days from 0 to {MAX_NOTICE_DAYS}, not {notice!r}"
        bad("notice_days", message, "e.g. notice_days = 30")
        notice = 30
    pretty = data.get("pretty_urls", True)
    if not isinstance(pretty, bool):
        bad(
            "pretty_urls",
            "pretty_urls must be true or false",
            "true writes dir/index.html, false writes dir.html",
        )
        pretty = True
    pdf = data.get("pdf", False)
    if not isinstance(pdf, bool):
        bad(
            "pdf",
            "pdf must be true or false",
            "pdf = true also writes a PDF of every version and redline; it needs the pdf extra",
        )
        pdf = False
    theme = root / values.get("theme", "theme")
    if "theme" in values and not theme.is_dir():  # theme/ may be absent; a folder named here may not
        where = "does not exist" if not theme.exists() else "is not a folder"
        hint = f"create {display_path(theme)} with templates/ and static/ for overrides, or remove `theme`"
        bad("theme", f"theme folder `{values['theme']}` {where}", hint)
    if problems:
        raise PpgenError(*problems)

    title = values.get("title", "Policies")
    language = languages[0] if languages else values.get("language", "en")
    controlling = {
        "title": title,
        "description": values.get("description", ""),
        "publisher": values.get("publisher", title),
    }
    own: list[tuple[str, str, str]] = []
    for index, tag in enumerate(languages[1:], start=1):
        said = {key: found for key, texts in by_language.items() if (found := texts[index]) is not None}
        if "publisher" not in values:  # the publisher is each language's own title unless it is given
            said.setdefault("publisher", said.get("title", title))
        own += [
            (key, tag, said[key]) for key in _WORDED_KEYS if key in said and said[key] != controlling[key]
        ]
    return Settings(
        root=root,
        content_dir=_real(root / values.get("content", "content")),
        output_dir=_real(root / values.get("output", "site")),
        theme_dir=_real(theme) if theme.is_dir() else None,
        title=title,
        description=values.get("description", ""),
        publisher=values.get("publisher", title),
        base_url=values.get("base_url"),
        timezone=zone,
        language=language,
        languages=tuple(languages) if len(languages) > 1 else (),
        locale=values.get("locale", "en_US" if language == "en" else language.replace("-", "_")),
        raw_html=raw_html,
        template_syntax=template_syntax,
        diff_pairs=tuple(sorted(set(pairs), key=DIFF_PAIR_KINDS.index)),
        notice_days=notice,
        pretty_urls=pretty,
        pdf=pdf,
        worded=tuple(own),
        config_path=_real(path) if path.is_file() else None,
    )


def _worded(
    tables: dict[str, dict[str, Any]], languages: list[str], text: str, problems: list[Problem], shown: str
) -> dict[str, list[str | None]]:
    """Each setting given per language (`title = {en = "…", de = "…"}`) → its text in each of `languages`
    (None: the language has none, and shows the controlling language's); every mistake added to `problems`."""
    found: dict[str, list[str | None]] = {}
    for key, table in tables.items():
        texts: list[str | None] = [None] * len(languages)
        example = (
            f'{key} = {{ {languages[0]} = "…"' + "".join(f', {tag} = "…"' for tag in languages[1:2]) + " }"
        )
        for tag, value in table.items():
            line = _key_line(text, key, tag)
            if tag not in languages:
                known = ", ".join(languages)
                hint = f"give `{key}` in the languages of `languages` ({known}), or add {tag} to `languages`"
                problems.append(
                    Problem(
                        f"`{key}` is given in `{tag}`, which is not a language of the site",
                        shown,
                        line,
                        hint,
                        code="settings",
                    )
                )
            elif not isinstance(value, str) or not value.strip() or find_control(value) is not None:
                message = f"`{key}` in `{tag}` must be a non-empty string without control characters"
                problems.append(Problem(message, shown, line, f"write {example}", code="settings"))
            else:
                texts[languages.index(tag)] = value.strip()
        if texts[0] is None and languages[0] not in table:
            message = f"`{key}` is given per language but not in the controlling language `{languages[0]}`"
            problems.append(
                Problem(message, shown, _key_line(text, key), f"write {example}", code="settings")
            )
        found[key] = texts
    return found


def with_overrides(
    settings: Settings, *, content: Path | None = None, output: Path | None = None, for_disk: bool = False
) -> Settings:
    """Settings with command-line folders taking precedence over ppgen.toml."""
    if for_disk:
        settings = replace(settings, for_disk=True)
    if content is not None:
        settings = replace(settings, content_dir=_real(content))
    if output is not None:
        settings = replace(settings, output_dir=_real(output))
    return settings
