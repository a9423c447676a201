"""`ppgen new POLICY [--effective DATE]`: the next version, started from the latest one."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from ppgen.commands.cli import main
from ppgen.core.dates import build_today
from ppgen.source.config import load_settings
from ppgen.source.load import load_site

FIRST = "---\ntitle: Privacy Policy\nsummary: First.\n---\n\n## Intro\n\nHello.\n"
SECOND = (
    "---\nsummary: Adds cookies.\nupdated: 2025-07-01\naliases: [/privacy-policy/]\nid: privacy-2\n---\n\n"
    "## Intro\n\nHello, and cookies.\n"
)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    (root / "content/privacy").mkdir(parents=True)
    (root / "ppgen.toml").write_text('title = "Test"\nnotice_days = 30\n', encoding="utf-8")
    (root / "content/privacy/2025-01-01.md").write_text(FIRST, encoding="utf-8")
    (root / "content/privacy/2025-06-01.md").write_text(SECOND, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def new(*args: str) -> Result:
    return CliRunner().invoke(main, ["new", *args], catch_exceptions=False)


def test_copies_the_latest_text_with_only_the_new_effective_date(site: Path) -> None:
    result = new("privacy", "--effective", "2030-03-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == "content/privacy/2030-03-01.md\n"
    assert (site / "content/privacy/2030-03-01.md").read_text(
        encoding="utf-8"
    ) == "---\neffective: 2030-03-01\n---\n\n## Intro\n\nHello, and cookies.\n"
    assert "summary:" in result.stderr  # a reminder, never a placeholder that could ship
    latest = load_site(load_settings(site / "ppgen.toml"), date(2030, 3, 1)).policy("privacy").latest()
    assert latest.title == "Privacy Policy" and latest.summary is None and latest.aliases == ()


def test_defaults_to_today_plus_notice_days(site: Path) -> None:
    result = new("privacy")
    expected = build_today(ZoneInfo("UTC")) + timedelta(days=30)
    assert result.exit_code == 0 and result.stdout == f"content/privacy/{expected.isoformat()}.md\n"
    assert "warning" not in result.stderr


def test_warns_about_short_notice(site: Path) -> None:
    soon = build_today(ZoneInfo("UTC")) + timedelta(days=3)
    result = new("privacy", "--effective", soon.isoformat())
    assert result.exit_code == 0 and "3 days away; notice_days asks for 30" in result.stderr


def test_refuses_a_date_not_after_the_latest_version(site: Path) -> None:
    result = new("privacy", "--effective", "2025-06-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "content/privacy/2025-06-01.md:1: the new version must take effect after the latest one (2025-06-01)"
    )
    assert sorted(p.name for p in (site / "content/privacy").iterdir()) == ["2025-01-01.md", "2025-06-01.md"]


def test_refuses_a_date_outside_the_years_ppgen_works_with(site: Path) -> None:
    result = new("privacy", "--effective", "9999-01-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "--effective: 9999-01-01 is outside the years ppgen works with (use a date from"
    ), result.stderr
    assert sorted(p.name for p in (site / "content/privacy").iterdir()) == ["2025-01-01.md", "2025-06-01.md"]


def test_a_version_file_linked_outside_the_content_folder_is_not_read(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("---\ntitle: Secret\n---\n\nNot a policy.\n", encoding="utf-8")
    (site / "content/privacy/2025-09-01.md").symlink_to(outside)
    result = new("privacy", "--effective", "2030-01-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "content/privacy/2025-09-01.md: version file links outside the content folder"
    ), result.stderr
    assert not (site / "content/privacy/2030-01-01.md").exists()


def test_an_unknown_policy(site: Path) -> None:
    result = new("terms", "--effective", "2030-01-01")
    assert (
        result.exit_code == 1
        and "no policy `terms`" in result.stderr
        and "policies here: privacy" in result.stderr
    )


def test_a_single_file_policy_moves_its_effective_date(site: Path) -> None:
    (site / "content/terms.md").write_text(
        "---\ntitle: Terms\neffective: 2025-02-01\nsummary: >\n  Two lines\n  of summary.\nupdated: 2025-03-01\n"
        "---\n\n## Use\n\nBe nice.\n",
        encoding="utf-8",
    )
    result = new("terms", "--effective", "2030-01-01")
    assert result.exit_code == 0 and result.stdout == "content/terms.md\n"
    assert (site / "content/terms.md").read_text(
        encoding="utf-8"
    ) == "---\neffective: 2030-01-01\ntitle: Terms\n---\n\n## Use\n\nBe nice.\n"


def test_every_command_that_reads_a_site_shares_its_options() -> None:
    """--config and --content mean one thing, said one way, in every command that reads a site (`new` and the
    importers included: they once had their own copies, whose help said another default)."""
    from ppgen.commands.cli import main

    def options(command: object) -> dict[str, tuple[str | None, str]]:
        params = command.params
        return {
            p.opts[0]: (p.help, repr(p.type.to_info_dict()))
            for p in params
            if p.opts[0] in ("--config", "--content")
        }

    commands = [main.commands[name] for name in ("build", "serve", "check", "new", "diff")]
    importers = main.commands["import"]
    commands += [importers.commands[name] for name in ("git", "dir")]  # type: ignore[attr-defined]
    seen = {repr(options(command)) for command in commands}
    assert len(seen) == 1 and "--config" in next(iter(seen)) and "--content" in next(iter(seen)), seen
