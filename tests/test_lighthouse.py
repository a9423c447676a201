"""Lighthouse scores the served site: accessibility, best practices and SEO are 100 on the policy,
history and redline pages.

Lighthouse is npm's `lighthouse@13`, installed once into the pytest cache folder
(.pytest_cache/d/lighthouse-13) with Debian's Node.js and npm; tests/lighthouse_pages.mjs drives it,
with Debian's chromium, against the site as nginx serves it under /legal/ (the fixtures of
tests/conftest.py). One Node process and one browser score the three pages in turn (~15 s).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import CHROMIUM

LIGHTHOUSE = "lighthouse@13"
RUNNER = Path(__file__).with_name("lighthouse_pages.mjs")
CATEGORIES = ("accessibility", "best-practices", "seo")
# Lighthouse's default settings for the three categories, less its waits for a quiet network and CPU
# (they serve the performance metrics, not scored here) and its screenshots.
CONFIG = {
    "extends": "lighthouse:default",
    "settings": {
        "onlyCategories": list(CATEGORIES),
        "pauseAfterFcpMs": 100,
        "pauseAfterLoadMs": 100,
        "networkQuietThresholdMs": 100,
        "cpuQuietThresholdMs": 100,
        "disableFullPageScreenshot": True,
        "skipAboutBlank": True,
    },
}
PAGES = ("privacy/", "privacy/history/", "privacy/diff/2025-02-01...2025-10-15/")


@pytest.fixture(scope="session")
def lighthouse_modules(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The node_modules folder holding lighthouse, installed by npm into the pytest cache unless already there
    (into a temporary folder when pytest runs without its cache, `-p no:cacheprovider`)."""
    npm = shutil.which("npm")
    assert npm, "npm (Debian's nodejs and npm packages) must be installed: scripts/test installs them"
    cache = getattr(request.config, "cache", None)
    folder = cache.mkdir("lighthouse-13") if cache is not None else tmp_path_factory.mktemp("lighthouse-13")
    modules = folder / "node_modules"
    # npm links .bin/lighthouse after unpacking every package: without it, the install is (re)done.
    if not (modules / ".bin" / "lighthouse").is_file():
        subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(folder),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                LIGHTHOUSE,
            ],
            check=True,
            timeout=300,
            stdout=subprocess.DEVNULL,
        )
    return modules


def failing_audits(report: dict[str, Any], category: str) -> list[str]:
    """'id: title (score)' of each scored audit of a category that did not reach 1."""
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            lines.append(f"{audit['id']}: {audit['title']} (score {audit['score']})")
    return lines


def test_lighthouse_scores_100_on_policy_history_and_redline(
    nginx: str,
    lighthouse_modules: Path,
    tmp_path: Path,
) -> None:
    node = shutil.which("node")
    assert node, "node (Debian's nodejs package) must be installed: scripts/test installs it"
    result = subprocess.run(
        [
            node,
            str(RUNNER),
            str(lighthouse_modules),
            json.dumps(CONFIG),
            str(tmp_path),
            *(nginx + p for p in PAGES),
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"lighthouse failed: {result.stdout}{result.stderr}"
    problems = []
    for number, path in enumerate(PAGES):
        report = json.loads((tmp_path / f"{number}.json").read_text())
        assert report["finalDisplayedUrl"] == nginx + path
        assert report.get("runtimeError") is None, f"{path}: {report['runtimeError']}"
        for category in CATEGORIES:
            score = report["categories"][category]["score"]
            if score != 1:
                problems.append(f"{path} {category} {score}: " + "; ".join(failing_audits(report, category)))
    assert problems == [], "\n".join(problems)
