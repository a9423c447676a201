"""The theme's templates compiled once and kept in the build cache: a build with nothing changed in its
theme compiles no template; a changed template is compiled again and used; a damaged compiled entry is
compiled again with the cache's one warning; a build without the cache neither reads nor writes them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jinja2
import pytest

from conftest import tree_bytes
from ppgen.pipeline.build import build
from ppgen.pipeline.cache import code_tag
from ppgen.source.config import load_settings, with_overrides
from test_cache import _build, _cache_warnings, _cold, _site

AS_OF = date(2025, 6, 1)


def _compiled(root: Path) -> dict[str, int]:
    """The compiled templates in the cache: entry → inode (a new inode: written again)."""
    folder = root / ".ppgen-cache" / code_tag() / "jinja"
    return {p.name: p.stat().st_ino for p in folder.iterdir()} if folder.is_dir() else {}


def test_templates_are_compiled_once_and_a_changed_one_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path / "src", policies=2, versions=3)
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *args: object) -> object:
        compiled.append(name or "")
        return compile_template(self, source, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)

    def built(out: str, cache: bool = True) -> dict[str, bytes]:
        compiled.clear()
        settings = with_overrides(load_settings(root / "ppgen.toml"), output=root / out)
        result = build(settings, as_of=AS_OF, jobs=1, cache=root / ".ppgen-cache" if cache else None)
        assert not [w for w in result.warnings if "build cache" in w.message], result.warnings
        return tree_bytes(root / out)

    first = built("first")
    templates = len(compiled)
    entries = _compiled(root)
    assert templates >= 10 and len(entries) == templates
    second = built("second")
    assert compiled == []  # every template read from the cache
    assert _compiled(root) == entries  # and nothing written again
    assert built("cold", cache=False) == first == second
    assert len(compiled) == templates  # a build without the cache compiles them all, reading no entry…
    assert _compiled(root) == entries  # …and writing none

    default = (Path(__file__).parent.parent / "theme" / "templates" / "base.html").read_text()
    (root / "theme" / "templates").mkdir(parents=True)
    (root / "theme" / "templates" / "base.html").write_text(
        default.replace("</body>", "<!-- themed -->\n</body>")
    )
    themed = built("themed")
    assert compiled == ["base.html"]  # the site's own base.html, new; the rest from the cache
    assert b"<!-- themed -->" in themed["policy-1/index.html"]
    assert themed == built("themed-cold", cache=False)
    (root / "theme" / "templates" / "base.html").write_text(
        default.replace("</body>", "<!-- themed again -->\n</body>")
    )
    again = built("again")
    assert compiled == ["base.html"]
    assert b"<!-- themed again -->" in again["policy-1/index.html"]
    assert b"<!-- themed -->" not in again["policy-1/index.html"]


@pytest.mark.parametrize("how", ["corrupt", "truncate"])
def test_a_damaged_compiled_template_is_compiled_again_with_one_warning(tmp_path: Path, how: str) -> None:
    root = _site(tmp_path / "src", policies=2, versions=3)
    _build(root, "first")
    entries = sorted((root / ".ppgen-cache" / code_tag() / "jinja").iterdir())
    assert len(entries) >= 10
    for path in entries:
        data = path.read_bytes()
        middle = len(data) // 2
        path.write_bytes(
            data[:middle]
            if how == "truncate"
            else data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
        )
    cold = _cold(root)
    result = _build(root, "after")
    assert tree_bytes(root / "after") == cold
    warnings = _cache_warnings(result)
    assert len(warnings) == 1 and "corrupt or truncated" in warnings[0], result.stderr
    again = _build(root, "again")  # the damaged entries were replaced
    assert not _cache_warnings(again) and tree_bytes(root / "again") == cold
