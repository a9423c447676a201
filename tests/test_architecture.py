"""The shape of the code: one-way layers, each third-party library in one module, mypy strict."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ppgen"

PACKAGES = {
    "core": "what every layer shares",
    "source": "the content folder and its git history into a validated Site",
    "redline": "two versions compared, each module using the ones before it",
    "site": "the site plan and every page it publishes",
    "pipeline": "the build: parse, compare and render in worker processes, the cache, the preview's rebuild",
    "importers": "`ppgen import`",
    "commands": "the command line and each command",
}
"""ppgen's subpackages, lowest first: a module imports only from its own package and the packages before
it (the top-level `ppgen/__init__.py` and `__main__.py` are above them all)."""

LIBRARIES = {
    "markdown_it": {"source.markdown"},
    "mdit_py_plugins": {"source.markdown"},
    "jinja2": {"site.templates"},
    "markupsafe": {"site.templates"},
    "click": {"commands.cli", "commands.options", "commands.import_commands"},
    "watchdog": {"commands.serve"},
    "nh3": {"source.sanitize"},
    "yaml": {"source.frontmatter"},
    "babel": {"core.dates", "site.i18n"},
    "fast_diff_match_patch": {"redline.worddiff"},
    "bs4": {"importers.from_html", "importers.html_shapes", "importers.html_layout"},
    "markdownify": {"importers.from_html"},
    "weasyprint": {"site.pdf"},
}


def dotted(path: Path) -> str:
    """ppgen/redline/words.py → redline.words; ppgen/__init__.py → __init__."""
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def package_of(module: str) -> str:
    """The subpackage a module (dotted, under ppgen) is in; "" for the top-level modules."""
    first = module.split(".")[0]
    if module in ("__init__", "__main__"):
        return ""
    assert first in PACKAGES, (
        f"ppgen/{module.replace('.', '/')}.py is in no package of PACKAGES: move it into one"
    )
    return first


def imports(path: Path) -> set[str]:
    """The modules (dotted, under ppgen) and third-party top-level names that `path` imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: a relative import (ppgen imports absolutely)"
            if node.module:
                names.add(node.module)
                for alias in node.names:  # `from ppgen.redline import words` imports the module words
                    if (
                        (PACKAGE.parent / (node.module + "." + alias.name).replace(".", "/"))
                        .with_suffix(".py")
                        .is_file()
                    ):
                        names.add(f"{node.module}.{alias.name}")
    return names


def ppgen_imports(path: Path) -> set[str]:
    """The ppgen modules `path` imports (dotted, under ppgen; a package's `__init__` as the package)."""
    found = set()
    for name in imports(path):
        if name.startswith("ppgen."):
            module = name.removeprefix("ppgen.")
            if (PACKAGE / module.replace(".", "/")).with_suffix(".py").is_file() or (
                PACKAGE / module
            ).is_dir():
                found.add(module)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=dotted)
def test_imports_flow_one_way(path: Path) -> None:
    """A module imports only from its own package and the packages below it in PACKAGES."""
    order = list(PACKAGES)
    here = package_of(dotted(path))
    for there_module in ppgen_imports(path):
        there = package_of(there_module)
        if here == "":
            continue  # ppgen/__main__.py starts the command line
        assert there != "", f"{dotted(path)} imports the top-level ppgen.{there_module}"
        assert order.index(there) <= order.index(here), (
            f"{dotted(path)} ({here}) imports {there_module} ({there}), a package above it: "
            f"the packages import one way, {' → '.join(reversed(order))}"
        )


def test_no_import_cycles() -> None:
    """No module imports itself back through others, inside a package or across packages."""
    graph = {
        dotted(path): {m for m in ppgen_imports(path) if m in {dotted(p) for p in MODULES}}
        for path in MODULES
    }
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            assert state.get(target) != 1, "an import cycle: " + " → ".join(
                [*trail[trail.index(target) :], target]
            )
            if target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


@pytest.mark.parametrize("path", MODULES, ids=dotted)
def test_each_library_lives_in_one_module(path: Path) -> None:
    for name in imports(path):
        top = name.split(".")[0]
        if top in LIBRARIES:
            assert dotted(path) in LIBRARIES[top], (
                f"{dotted(path)} imports {top}, which belongs in {sorted(LIBRARIES[top])}"
            )


@pytest.mark.parametrize("path", MODULES, ids=dotted)
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text().splitlines())
    assert lines <= 450, (
        f"{path.relative_to(PACKAGE.parent)} has grown past ~400 lines: split it by responsibility"
    )


def test_mypy_strict_passes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(PACKAGE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_site_plan() -> None:
    """Only the site plan makes the address maker and plans the pages: build, check, the preview and
    the benchmarks take a `SitePlan`, so they cannot disagree about what the site publishes."""
    allowed = {PACKAGE / "site" / "pages.py", PACKAGE / "site" / "plan.py"}
    makes = re.compile(r"\bUrls\(|(?<![\w.])plan\(|\bpages\.plan\b|import[^\n]*\bplan\b|\bdiff_pairs\(")
    sources = [*PACKAGE.rglob("*.py"), *(PACKAGE.parent / "bench").glob("*.py")]
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sources
        if path not in allowed
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if makes.search(line)
    ]
    assert not found, "make a SitePlan (ppgen/site/plan.py) instead:\n" + "\n".join(found)


SMALL_TABLES = {
    ("redline/align", "layout"): "a tag as far as its layout is seen: tags, not texts",
    ("redline/render", "_close_tag"): "a closing tag: tags, not texts",
    ("redline/render", "_tag"): "an opening tag as a view writes it: tags, not texts",
    ("redline/folds", "say"): "where a theme word goes: a key and small numbers",
    ("redline/folds", "spoken"): "where theme words go: a key and its fields",
}
"""The redline's module-level caches allowed, and why: each holds a function of a tag or a word key (a
small set, the same for every policy), never a result worked out from a policy's text."""


def _decorated_with_a_cache(tree: ast.Module) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = (
                    target.attr
                    if isinstance(target, ast.Attribute)
                    else target.id
                    if isinstance(target, ast.Name)
                    else ""
                )
                if name in ("lru_cache", "cache"):
                    names.append(node.name)
    return names


def test_the_redline_keeps_what_it_works_out_in_the_cache_it_is_given() -> None:
    """What the redline works out from a policy's texts is kept in the `PolicyCache` the pipeline passes in
    (ppgen/redline/cache.py), not in module-level caches a benchmark must clear by private name, nor on
    the documents (`Document` is pure data)."""
    found = []
    for path in [*sorted((PACKAGE / "redline").glob("*.py")), PACKAGE / "core" / "document.py"]:
        source, module = path.read_text(), path.relative_to(PACKAGE).with_suffix("").as_posix()
        found += [
            f"{module}: @lru_cache on {name}"
            for name in _decorated_with_a_cache(ast.parse(source))
            if (module, name) not in SMALL_TABLES
        ]
        found += [
            f"{module}:{n}: {line.strip()}"
            for n, line in enumerate(source.splitlines(), 1)
            if re.search(r"\.memo\b|\.kept\(", line)
        ]
    for path in sorted((PACKAGE.parent / "bench").glob("*.py")):
        found += [
            f"bench/{path.name}:{n}: {line.strip()}"
            for n, line in enumerate(path.read_text().splitlines(), 1)
            if "cache_clear" in line
        ]
    assert not found, "pass a PolicyCache instead:\n" + "\n".join(found)
    for (module, name), _ in SMALL_TABLES.items():
        assert name in _decorated_with_a_cache(ast.parse((PACKAGE / f"{module}.py").read_text())), (
            f"{module}.{name}: drop it from SMALL_TABLES"
        )


RUFF_PATHS = ("ppgen", "tests", "bench", "scripts/screenshots", "scripts/check-name")
"""Every Python file of the repository (scripts/test and scripts/build-example are shell)."""


@pytest.mark.parametrize(
    "command",
    [("check",), ("format", "--check")],
    ids=["check", "format"],
)
def test_ruff_passes(command: tuple[str, ...]) -> None:
    """ruff, configured in pyproject.toml: `ruff format` (lines of 110) and `ruff check` (its rule set)."""
    root = PACKAGE.parent
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *RUFF_PATHS], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
