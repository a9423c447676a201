"""The one Jinja2 Environment: the site's theme first, the default theme after.

Content is data: policy text reaches templates only as already-rendered, sanitised
HTML values; it is never compiled as a template.
"""

from __future__ import annotations

import hashlib
import os
import traceback
from collections.abc import Callable, Hashable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    pass_context,
    select_autoescape,
)
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from markupsafe import Markup

from ppgen.core import paths
from ppgen.core.dates import long_date
from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.redline.compare import KEPT, WORD_KEYS, Wording
from ppgen.site import i18n
from ppgen.site.themes import theme_folders, theme_root


class _ThemeLoader(BaseLoader):
    """The templates of one theme folder, each read through the path guard (Jinja's loader follows links)."""

    def __init__(self, folder: Path) -> None:
        self.root = theme_root(folder)
        self.templates = folder / "templates"
        if os.path.lexists(self.templates):
            # A folder that cannot be read is an error here, not a quiet fall-back to the default templates.
            paths.listing(self.templates, self.root, "templates folder")

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The text of a template of this theme; TemplateNotFound when the theme has none of that name."""
        path = self.templates.joinpath(*split_template_path(template))
        if not os.path.lexists(path):
            raise TemplateNotFound(template)
        data = paths.read(path, self.root, "theme template")  # a link out, loop or to nothing is an error
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data.count(b"\n", 0, err.start) + 1
            problem = Problem(
                "theme template is not UTF-8", display_path(path), line, "save it as UTF-8", code="encoding"
            )
            raise PpgenError(problem) from None
        return text, str(path), lambda: True  # a Theme serves one build: nothing to reload

    def list_templates(self) -> list[str]:
        """Every template of this theme, by name."""
        if not os.path.lexists(self.templates):
            return []
        found = paths.files_under(self.templates, self.root, "theme template")
        return [path.relative_to(self.templates).as_posix() for path in found]


_TEMPLATE_FILES = (".html", ".xml", ".txt")


def _theme_error(err: Exception, name: str) -> Exception:
    """`err` as a PpgenError naming the template's file and line when it is the theme's: a template error, or one
    raised by a template's own code (`1/0`, `"%d" % title`); else `err` itself (raised by ppgen's Python that the
    template called: a bug of ppgen's, reported as one)."""
    frames = traceback.extract_tb(err.__traceback__)
    ours = isinstance(err, TemplateError) or bool(frames) and frames[-1].filename.endswith(_TEMPLATE_FILES)
    return PpgenError(_template_problem(err, name)) if ours else err


def _template_problem(err: Exception, name: str) -> Problem:
    """A template error as `path:line: message (hint)`: the template's file and line. A syntax error
    carries them; an error while rendering is found in the traceback, whose frames Jinja gives the
    template's file and line (the innermost template frame is where it went wrong)."""
    line: int | None = getattr(err, "lineno", None)
    filename: str | None = getattr(err, "filename", None)
    if filename is None:
        frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename.endswith(_TEMPLATE_FILES)]
        if frames:
            filename, line = frames[-1].filename, frames[-1].lineno
    if isinstance(err, TemplateNotFound):
        message = f"template {err.name} not found"
    else:
        message = (err.message if isinstance(err, TemplateError) else None) or f"{type(err).__name__}: {err}"
    hint = "fix the template in your theme folder"
    return Problem(
        f"theme template error: {message}", display_path(filename or name), line, hint, code="theme"
    )


@lru_cache(maxsize=4096)
def _long_date(day: date, locale: str) -> str:
    return long_date(day, locale)  # a site writes the same few dates on every page


# a table for about one policy's worth: a worker renders many, and must not hold the site's (issue 16)
@lru_cache(maxsize=1024)
def _number(value: int, locale: str) -> str:
    return i18n.number(value, locale)


class _Remembered:
    """`function`, each answer kept by its arguments, up to `KEPT` answers (until `Theme.forget`)."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.answers: dict[Hashable, Any] = {}

    def __call__(self, *arguments: Any) -> Any:
        if arguments not in self.answers:
            if len(self.answers) >= KEPT:  # memory stays bounded, whatever the policy's size
                self.answers.clear()
            self.answers[arguments] = self.function(*arguments)
        return self.answers[arguments]


WORDS = {
    "feed.txt": ("feed_title", "site_feed_title", "entry_title", "entry_summary", "related_title"),
    "pdf.txt": ("page_footer",),
    "alias.txt": ("alias_title", "alias_moved"),
}
"""The theme templates that hold visitor words as macros (`Theme.words`), and the macros each must define."""


class Compiled(BytecodeCache):
    """Compiled templates kept in the build cache: an entry per template file and source (Jinja checks the
    source again when it loads one), read and written by the cache's `load` and `store`."""

    def __init__(self, load: Callable[[str], bytes | None], store: Callable[[str, bytes], object]) -> None:
        self._load, self._store = load, store

    @staticmethod
    def _key(bucket: Bucket) -> str:
        return hashlib.sha256(f"{bucket.key}\0{bucket.checksum}".encode()).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._load(self._key(bucket))
        if data is not None:
            try:
                bucket.bytecode_from_string(data)
            except Exception:  # not what Jinja wrote (the cache checked its length and CRC): compiled again
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store(self._key(bucket), bucket.bytecode_to_string())


class Theme:
    """Templates and static files, with the site's own theme overriding the default by name."""

    def __init__(
        self,
        override: Path | None,
        locale: str,
        languages: tuple[str, ...] = ("en",),
        compiled: Compiled | None = None,
    ) -> None:
        """`compiled`: where the templates compiled are kept between builds (the build cache's); None:
        compiled anew, kept nowhere."""
        self.folders = theme_folders(override)
        self.languages = languages
        """The site's languages, the controlling one first: the catalogs `checked` reads."""
        self._translations: dict[str, i18n.NullTranslations] = {}
        self._modules: dict[tuple[object, ...], Any] = {}
        self._wordings: dict[tuple[str, str], tuple[Wording, Callable[..., str]]] = {}
        self._once: dict[tuple[str, ...], _Remembered] = {}
        loaders = [_ThemeLoader(folder) for folder in self.folders]
        self.env = Environment(
            loader=ChoiceLoader([*loaders, PrefixLoader({"default": loaders[-1]})]),
            autoescape=select_autoescape(["html", "xml"], default_for_string=True),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # a Theme serves one build; the preview makes a new one when a theme file changes
            extensions=["jinja2.ext.i18n"],
            bytecode_cache=compiled,
        )

        # The page's language is a variable of the page (`lang`), so one environment serves every language.
        # `_`, `gettext` and `ngettext` are Jinja's newstyle gettext (the message a format string, filled with
        # the call's variables, Markup where the template escapes) in one call instead of three, each
        # message looked up once per language: a page says some seventy of them.
        found: dict[tuple[str, str], str] = {}

        def lookup(context: Context, message: str) -> str:
            lang = context.get("lang") or languages[0]
            said = found.get((lang, message))
            if said is None:
                said = found[(lang, message)] = self.translations(lang).gettext(message)
            return said

        @pass_context
        def gettext(context: Context, message: str, /, **variables: Any) -> str:
            said = lookup(context, message)
            return (Markup(said) if context.eval_ctx.autoescape else said) % variables

        @pass_context
        def ngettext(context: Context, singular: str, plural: str, count: int, /, **variables: Any) -> str:
            variables.setdefault("num", count)
            said = self.translations(context.get("lang") or languages[0]).ngettext(singular, plural, count)
            return (Markup(said) if context.eval_ctx.autoescape else said) % variables

        @pass_context
        def plain_gettext(context: Context, message: str) -> str:
            return lookup(context, message)

        @pass_context
        def plain_ngettext(context: Context, singular: str, plural: str, count: int) -> str:
            return self.translations(context.get("lang") or languages[0]).ngettext(singular, plural, count)

        def page_locale(context: Context) -> str:
            return str(context.get("page_locale") or locale)

        self.env.install_gettext_callables(plain_gettext, plain_ngettext, newstyle=True)  # type: ignore[attr-defined]
        self.env.globals.update({"_": gettext, "gettext": gettext, "ngettext": ngettext})
        self.env.filters["date_long"] = pass_context(
            lambda context, day: _long_date(day, page_locale(context))
        )
        self.env.filters["number"] = pass_context(lambda context, value: _number(value, page_locale(context)))
        self.env.filters["listed"] = pass_context(
            lambda context, items: i18n.listed(items, page_locale(context))
        )
        self.env.filters["iso"] = lambda day: day.isoformat()
        self.env.globals["language_name"] = i18n.language_name

    def catalog_files(self, language: str) -> list[Path]:
        """The catalogs of `language` this theme has, the site's first: `locale/<tag>/LC_MESSAGES/messages.po`,
        the language's own (`de_CH`) before its base language's (`de`)."""
        tags = [language.replace("-", "_")]
        if "_" in tags[0]:
            tags.append(tags[0].split("_")[0])
        found = []
        for folder in self.folders:
            for tag in tags:
                path = folder / "locale" / tag / "LC_MESSAGES" / "messages.po"
                if os.path.lexists(path):
                    found.append(path)
        return found

    def translations(self, language: str) -> i18n.NullTranslations:
        """The theme's words in `language` (read once): English, the words of the templates, when no catalog
        has them."""
        if language not in self._translations:
            read = []
            for path in self.catalog_files(language):
                root = theme_root(next(f for f in self.folders if path.is_relative_to(f)))
                read.append((paths.read(path, root, "message catalog"), display_path(path)))
            self._translations[language] = i18n.translations(read)
        return self._translations[language]

    def render(self, name: str, **context: Any) -> str:
        """Render a theme template; a template error names the template and line."""
        try:
            return self.env.get_template(name).render(**context)
        except Exception as err:
            raise _theme_error(err, name) from None

    def words(
        self,
        name: str,
        macro: str,
        *,
        lang: str | None = None,
        page_locale: str | None = None,
        **arguments: Any,
    ) -> str:
        """One line of visitor words from a macro of a theme template (e.g. the feeds' in `feed.txt`), in the
        language `lang` (default: the controlling one): the theme holds every word a visitor reads, Python only
        the data."""
        made = self._macro(name, macro, {"lang": lang, "page_locale": page_locale})
        try:
            return str(made(**arguments)).strip()
        except Exception as err:
            raise _theme_error(err, name) from None

    def _macro(self, name: str, macro: str, page: dict[str, str | None] | None = None) -> Any:
        """The macro `macro` of template `name` (seeing the variables `page`); a PpgenError naming the file when
        it has none."""
        try:
            template = self.env.get_template(name)
            return getattr(self._module(name, page), macro)
        except TemplateError as err:
            raise PpgenError(_template_problem(err, name)) from None
        except AttributeError:
            hint = f"define {{% macro {macro}(…) %}} in it, or remove your copy to use the default theme's"
            where = display_path(template.filename or name)
            raise PpgenError(
                Problem(f"theme template has no macro `{macro}`", where, None, hint, code="theme")
            ) from None

    def _module(self, name: str, page: dict[str, str | None] | None) -> Any:
        """Template `name` as a module seeing the variables `page`: one per template and language, not one per call."""
        template = self.env.get_template(name)
        if not page:
            return template.module
        key = (name, *sorted(page.items(), key=str))
        if key not in self._modules:
            self._modules[key] = template.make_module(page)
        return self._modules[key]

    def checked(self) -> tuple[dict[str, bytes], list[Problem]]:
        """The static files (as `static_files`), and every problem a build would meet in the theme: a
        template that does not compile, a file the path guard refuses. Found before any page renders;
        compiling here also means processes forked afterwards start with every template compiled."""
        found: list[Problem] = []
        for name in self.env.list_templates():
            if not name.startswith("default/"):
                try:
                    self.env.get_template(name)
                except TemplateError as err:
                    found.append(_template_problem(err, name))
                except PpgenError as err:
                    found.extend(err.problems)
        for name, macros in WORDS.items():
            for macro in macros:
                try:
                    self._macro(name, macro)
                except PpgenError as err:
                    found.extend(err.problems)
        for language in self.languages:
            try:
                self.translations(language)
            except PpgenError as err:
                found.extend(err.problems)
        found += self._redline_words()
        static: dict[str, bytes] = {}
        try:
            static = self.static_files()
        except PpgenError as err:
            found.extend(err.problems)
        return static, found

    def redline_words(self) -> dict[str, str]:
        """The theme's redline words by key (`redline_words` in redline_words.html): a PpgenError when
        the table is not there or lacks a key the redline asks for."""
        problems = self._redline_words()
        if problems:
            raise PpgenError(*problems)
        words: dict[str, str] = self.env.get_template("redline_words.html").module.redline_words  # type: ignore[attr-defined]
        return words

    def wording(self, lang: str, page_locale: str) -> tuple[Wording, Callable[..., str]]:
        """The redline's words in one language (made once per theme and language, then shared by every
        redline page in it): the `redline_words` table and its `counted` words, and `kind_name(kind, count)`,
        a kind of change and how many, in words. A PpgenError, as `redline_words`, when the table lacks a key."""
        key = (lang, page_locale)
        if key not in self._wordings:
            self.redline_words()  # the table is there, with every key
            module = self._module("redline_words.html", {"lang": lang, "page_locale": page_locale})
            counted_macro = getattr(module, "counted", None)

            def counted(field: str, n: int) -> str:
                return Markup(str(counted_macro(field, n)).strip()).unescape() if counted_macro else str(n)

            # Kept with the `once` answers, so that `forget` lets go of them too.
            remembered = self._once[("redline_words.html", "counted", lang, page_locale)] = _Remembered(
                counted
            )
            kind_name = self.once("redline_words.html", "kind_name", lang, page_locale)
            self._wordings[key] = (Wording(dict(module.redline_words), remembered), kind_name)
        return self._wordings[key]

    def forget(self) -> None:
        """Let go of the answers kept for the pages rendered so far (places filled, words worked out once):
        a render task calls it before each policy, so that what a worker keeps is one policy's, not the site's."""
        for wording, _ in self._wordings.values():
            wording.filled.clear()
        for remembered in self._once.values():
            remembered.answers.clear()

    def once(self, name: str, macro: str, lang: str, page_locale: str) -> Callable[..., str]:
        """Macro `macro` of template `name` in one language, each answer worked out once per theme (kept by its
        arguments): for words that many pages repeat."""
        made = (name, macro, lang, page_locale)
        if made not in self._once:
            self._once[made] = _Remembered(
                self._macro(name, macro, {"lang": lang, "page_locale": page_locale})
            )
        return self._once[made]

    def _redline_words(self) -> list[Problem]:
        """A problem for each word the redline asks for that the theme's `redline_words` table lacks."""
        name = "redline_words.html"
        try:
            template = self.env.get_template(name)
            words = getattr(template.module, "redline_words", None)
        except TemplateError:
            return []  # said by the compile check above
        where = display_path(template.filename or name)
        if not isinstance(words, dict):
            hint = (
                "set it to the table of words by key, as the default theme's redline_words.html does, "
                "or remove your copy"
            )
            return [Problem("theme template does not set `redline_words`", where, None, hint, code="theme")]
        return [
            Problem(
                f"theme's redline words have no `{key}`",
                where,
                None,
                f'add "{key}": "…" to the `redline_words` table '
                "(the default theme's redline_words.html has every key)",
                code="theme",
            )
            for key in sorted(WORD_KEYS)
            if not isinstance(words.get(key), str)
        ]

    def static_files(self) -> dict[str, bytes]:
        """Static file name → bytes, the site's own files replacing the default's of the same name."""
        files: dict[str, bytes] = {}
        for folder in reversed(self.folders):
            root = theme_root(folder)
            static = folder / "static"
            if os.path.lexists(static):
                for path in paths.files_under(static, root, "static file"):
                    files[path.relative_to(static).as_posix()] = paths.read(path, root, "static file")
        return dict(sorted(files.items()))


def fingerprint(name: str, data: bytes) -> str:
    """`style.css` → `style.<hash>.css`, so the file can be cached forever."""
    digest = hashlib.sha256(data).hexdigest()[:10]
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"


def html(markup: str) -> Markup:
    """Mark sanitised policy HTML as safe to insert (never as template source)."""
    return Markup(markup)
