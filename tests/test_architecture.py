"""The shape of the code: one-way layers, each third-party library in one module, mypy strict."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ppgen"

LAYERS = {
    0: {"errors", "model", "document", "chars", "headings", "leftovers", "links", "__init__"},
    1: {"config", "frontmatter", "dates", "git", "corrections", "findings", "paths", "system", "markdown", "titles", "sanitize", "feeds", "i18n", "timeline", "pages", "chain", "policy_cache", "redline", "redline_words", "redline_notes", "redline_similar", "redline_runs", "redline_rows", "redline_align", "redline_numbers", "redline_render", "redline_classes", "redline_folds", "redline_tables", "redline_views", "termdiff"},
    2: {"load", "texts", "textchanges", "sources", "templates", "write", "hosting", "history", "siteplan", "languages", "render", "pdf", "addresses", "import_html", "importer", "workers", "cache", "cached"},
    3: {"build", "tasks", "check", "incremental", "newversion", "verify", "import_git", "import_dir"},
    4: {"serve", "preview", "scaffold", "cli", "__main__"},
}
"""A module imports only from lower layers (the pairs below excepted); layer 4 may import anything."""

REDLINE_FAMILY = ("policy_cache", "redline_words", "redline_notes", "redline_similar", "redline_runs", "redline_rows", "redline_align", "redline_numbers", "redline_render", "redline_classes", "redline_folds", "redline_tables", "redline_views", "redline", "termdiff")
"""The redline, split by job: each module may use the ones before it."""

SAME_LAYER_ALLOWED = {(a, b) for i, a in enumerate(REDLINE_FAMILY) for b in REDLINE_FAMILY[:i]} | {("config", "dates"), ("git", "dates"), ("corrections", "dates"), ("markdown", "sanitize"), ("titles", "markdown"), ("termdiff", "redline"), ("render", "templates"), ("render", "siteplan"), ("render", "languages"), ("languages", "siteplan"), ("addresses", "siteplan"), ("load", "history"), ("textchanges", "history"), ("load", "textchanges"), ("load", "sources"), ("load", "texts"), ("render", "texts"), ("cached", "texts"), ("incremental", "build"), ("check", "build"), ("importer", "import_html"), ("importer", "load"), ("cached", "cache"), ("cached", "hosting"), ("build", "tasks")}

LIBRARIES = {
    "markdown_it": {"markdown"},
    "mdit_py_plugins": {"markdown"},
    "jinja2": {"templates"},
    "markupsafe": {"templates"},
    "click": {"cli"},
    "watchdog": {"serve"},
    "nh3": {"sanitize"},
    "yaml": {"frontmatter"},
    "babel": {"dates", "i18n"},
    "fast_diff_match_patch": {"redline_words", "redline_align"},
    "bs4": {"import_html"},
    "markdownify": {"import_html"},
    "weasyprint": {"pdf"},
}


def layer_of(module: str) -> int:
    for layer, names in LAYERS.items():
        if module in names:
            return layer
    raise AssertionError(f"ppgen/{module}.py has no layer: add it to LAYERS in {__file__}")


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "ppgen":
                names.update(f"ppgen.{alias.name}" for alias in node.names)
    return names


MODULES = sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_imports_flow_one_way(path: Path) -> None:
    here = path.stem
    for name in imports(path):
        if name.startswith("ppgen.") and name.count(".") == 1:
            there = name.split(".")[1]
            if there == "__version__":
                continue
            ok = layer_of(here) == 4 or layer_of(there) < layer_of(here) or (here, there) in SAME_LAYER_ALLOWED or (layer_of(there) == 0 and layer_of(here) == 0 and there == "errors")
            assert ok, f"{here} (layer {layer_of(here)}) imports {there} (layer {layer_of(there)})"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_each_library_lives_in_one_module(path: Path) -> None:
    for name in imports(path):
        top = name.split(".")[0]
        if top in LIBRARIES:
            assert path.stem in LIBRARIES[top], f"{path.stem} imports {top}, which belongs in {sorted(LIBRARIES[top])}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_modules_stay_small(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 450, f"{path.name} has grown past ~400 lines: split it by responsibility"


def test_mypy_strict_passes() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(PACKAGE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_site_plan() -> None:
    """Only the site plan makes the address maker and plans the pages: build, check, the preview and
    the benchmarks take a `SitePlan`, so they cannot disagree about what the site publishes."""
    allowed = {PACKAGE / "pages.py", PACKAGE / "siteplan.py"}
    makes = re.compile(r"\bUrls\(|(?<![\w.])plan\(|\bpages\.plan\b|import[^\n]*\bplan\b|\bdiff_pairs\(")
    sources = [*PACKAGE.glob("*.py"), *(PACKAGE.parent / "bench").glob("*.py")]
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sources
        if path not in allowed
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if makes.search(line)
    ]
    assert not found, "make a SitePlan (ppgen/siteplan.py) instead:\n" + "\n".join(found)


SMALL_TABLES = {
    ("redline_align", "_no_id"): "a tag without its id: tags, not texts",
    ("redline_render", "_close_tag"): "a closing tag: tags, not texts",
    ("redline_render", "_tag"): "an opening tag as a view writes it: tags, not texts",
    ("redline_folds", "say"): "where a theme word goes: a key and small numbers",
    ("redline_folds", "spoken"): "where theme words go: a key and its fields",
}
"""The redline's module-level caches allowed, and why: each holds a function of a tag or a word key (a
small set, the same for every policy), never a result worked out from a policy's text."""


def _decorated_with_a_cache(tree: ast.Module) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else ""
                if name in ("lru_cache", "cache"):
                    names.append(node.name)
    return names


def test_the_redline_keeps_what_it_works_out_in_the_cache_it_is_given() -> None:
    """What the redline works out from a policy's texts is kept in the `PolicyCache` the pipeline passes in
    (ppgen/policy_cache.py), not in module-level caches a benchmark must clear by private name, nor on
    the documents (`Document` is pure data)."""
    found = []
    for path in sorted(PACKAGE.glob("redline*.py")) + [PACKAGE / "termdiff.py", PACKAGE / "document.py"]:
        source = path.read_text()
        found += [f"{path.name}: @lru_cache on {name}" for name in _decorated_with_a_cache(ast.parse(source)) if (path.stem, name) not in SMALL_TABLES]
        found += [f"{path.name}:{n}: {line.strip()}" for n, line in enumerate(source.splitlines(), 1) if re.search(r"\.memo\b|\.kept\(", line)]
    for path in sorted((PACKAGE.parent / "bench").glob("*.py")):
        found += [f"bench/{path.name}:{n}: {line.strip()}" for n, line in enumerate(path.read_text().splitlines(), 1) if "cache_clear" in line]
    assert not found, "pass a PolicyCache instead:\n" + "\n".join(found)
    for (module, name), _ in SMALL_TABLES.items():
        assert name in _decorated_with_a_cache(ast.parse((PACKAGE / f"{module}.py").read_text())), f"{module}.{name}: drop it from SMALL_TABLES"


RUFF_PATHS = ("ppgen", "tests", "bench", "scripts/screenshots", "scripts/check-name")
"""Every Python file of the repository (scripts/test and scripts/build-example are shell)."""


@pytest.mark.xfail(strict=True, reason="formatted after the merges")
@pytest.mark.parametrize("command", [("check",), ("format", "--check")], ids=["check", "format"])
def test_ruff_passes(command: tuple[str, ...]) -> None:
    """ruff, configured in pyproject.toml: `ruff format` (lines of 110) and `ruff check` (its rule set)."""
    root = PACKAGE.parent
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *RUFF_PATHS], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
