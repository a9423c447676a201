"""The GitHub Action (action.yml) and the workflow examples in docs/, as GitHub and AWS would run them.

Every workflow and action.yml is validated against GitHub's schemas (check-jsonschema's built-in
vendor.github-workflows / vendor.github-actions, shipped inside the package: no network). The shell
steps run here for real, with bash as GitHub runs them (`bash --noprofile --norc -eo pipefail`), their
`${{ … }}` values filled in from a small context: the action's check and build against a real git
site, the S3 upload and CloudFront invalidation with a stand-in `aws` that records its arguments
(AWS itself cannot be reached from a test). The CloudFront function runs in Node.js.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from ppgen.site.hosting import headers

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
WORKFLOWS = sorted(DOCS.glob("*.yml"))
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
ACTION_REF = "ppgen-policies/ppgen@v1"
BIN = str(Path(sys.executable).parent)  # this test environment's ppgen


def workflow(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DOCS / name).read_text())
    return loaded


def steps_of(flow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


def expand(value: str, context: dict[str, str]) -> str:
    """`${{ inputs.x }}` and the like, from `context`; an expression it does not know fails the test."""
    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lambda m: context[m.group(1)], value)


def run_step(
    step: dict[str, Any],
    context: dict[str, str],
    cwd: Path,
    tmp: Path,
    env: dict[str, str] | None = None,
    path: str = BIN,
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run one `run:` step the way GitHub does; its process and the outputs it wrote to $GITHUB_OUTPUT."""
    assert "${{" not in step["run"], "values reach the script through env:, never pasted into it"
    script, outputs = tmp / "step.sh", tmp / "github_output"
    script.write_text(step["run"])
    outputs.write_text("")
    full = {
        "PATH": f"{path}{os.pathsep}{os.environ['PATH']}",
        "HOME": os.environ.get("HOME", str(tmp)),
        "GITHUB_OUTPUT": str(outputs),
        "RUNNER_TEMP": str(tmp),
        **{k: expand(str(v), context) for k, v in (env or {}).items()},
        **{k: expand(str(v), context) for k, v in step.get("env", {}).items()},
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, dict(line.split("=", 1) for line in outputs.read_text().splitlines())


def action_step(name: str) -> dict[str, Any]:
    (step,) = [s for s in ACTION["runs"]["steps"] if s.get("name") == name]
    return step


def inputs(**given: str) -> dict[str, str]:
    """The action's inputs as GitHub fills them: its defaults, then what the workflow gives."""
    values = {f"inputs.{k}": str(v.get("default", "")) for k, v in ACTION["inputs"].items()}
    values.update({f"inputs.{k.replace('_', '-')}": v for k, v in given.items()})
    return values


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A policies repository as a team starts it: `ppgen init`, then a first commit."""
    root = tmp_path / "policies"
    subprocess.run([f"{BIN}/ppgen", "init", str(root)], check=True, capture_output=True)
    git = ["git", "-C", str(root), "-c", "user.name=Editor", "-c", "user.email=editor@example.com"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "First policy"], check=True)
    return root


def test_every_workflow_and_the_action_are_valid_for_github() -> None:
    assert len(WORKFLOWS) == 3
    for schema, files in (
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.github-actions", [ROOT / "action.yml"]),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_schemas_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text((DOCS / "github-actions-check.yml").read_text().replace("runs-on:", "runs_on:"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(broken),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1


def test_the_examples_use_the_action_with_full_history() -> None:
    for path in WORKFLOWS:
        flow = workflow(path.name)
        steps = steps_of(flow)
        assert [
            s["with"]["fetch-depth"] for s in steps if s.get("uses", "").startswith("actions/checkout@")
        ] == [0]
        assert [s for s in steps if s.get("uses") == ACTION_REF], path.name
        assert "pip install" not in path.read_text(), "the action installs ppgen"
    repository = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    assert repository.endswith("/" + ACTION_REF.split("@")[0]), (
        "the action is used from the project's repository"
    )


def test_the_check_watches_content_theme_and_settings() -> None:
    paths = workflow("github-actions-check.yml")[True]["pull_request"]["paths"]  # YAML 1.1 reads `on` as true
    assert set(paths) == {"content/**", "theme/**", "ppgen.toml"}


def test_the_sites_are_rebuilt_every_day_so_versions_go_in_force_on_their_day() -> None:
    for name in ("publish-github-pages.yml", "publish-s3-cloudfront.yml"):
        triggers = workflow(name)[True]
        (schedule,) = triggers["schedule"]
        minute, hour, *every = schedule["cron"].split()
        assert every == ["*", "*", "*"] and 0 <= int(hour) < 24 and 0 <= int(minute) < 60
        assert "push" in triggers and "time zone" in (DOCS / name).read_text()


def test_pages_takes_its_address_from_configure_pages() -> None:
    steps = steps_of(workflow("publish-github-pages.yml"))
    (ppgen,) = [s for s in steps if s.get("uses") == ACTION_REF]
    assert ppgen["with"]["base-url"] == "${{ steps.pages.outputs.base_url }}"
    assert [s["id"] for s in steps if s.get("uses", "").startswith("actions/configure-pages@")] == ["pages"]
    assert (
        "github.repository_owner" not in (DOCS / "publish-github-pages.yml").read_text()
    )  # no hand-made address


def test_the_action_checks_and_builds_a_new_site(repo: Path, tmp_path: Path) -> None:
    empty = tmp_path / "published-manifest.json"
    empty.write_text('{"ppgen_manifest": 1, "files": {}}')
    context = inputs(base_url="https://example.com/legal/", output="public", changed_since=str(empty))
    checked, _ = run_step(action_step("ppgen check"), context, repo, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built, outputs = run_step(action_step("ppgen build"), context, repo, tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    assert outputs["site"] == "public" and (repo / "public" / "privacy" / "index.html").is_file()
    changed = Path(outputs["changed"]).read_text().splitlines()
    assert "A privacy/index.html" in changed and "A index.html" in changed
    assert "https://example.com/legal/privacy/" in (repo / "public" / "sitemap.xml").read_text()
    assert (
        outputs["cache"] == "present" and (repo / ".ppgen-cache").is_dir()
    )  # the build cache, for the save step

    _, outputs = run_step(action_step("ppgen build"), inputs(cache="ci-cache"), repo, tmp_path)
    assert outputs == {"site": "site", "cache": "present"} and (repo / "site" / "index.html").is_file()
    assert (repo / "ci-cache" / "CACHEDIR.TAG").is_file()  # the folder the restore and save steps name


def test_the_action_turns_findings_into_annotations_and_fails(repo: Path, tmp_path: Path) -> None:
    (version,) = (repo / "content" / "privacy").glob("*.md")
    version.write_text(
        version.read_text().replace("## Who we are", "Last updated January 1, 2020.\n\n## Who we are")
    )
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=E", "-c", "user.email=e@x", "commit", "-qam", "Date line"],
        check=True,
    )
    checked, _ = run_step(action_step("ppgen check"), inputs(), repo, tmp_path)
    assert checked.returncode == 1
    assert f"::error file=content/privacy/{version.name},line=" in checked.stdout
    skipped, _ = run_step(action_step("ppgen check"), inputs(check="false"), repo, tmp_path)
    assert skipped.returncode == 0 and "skipped" in skipped.stdout


def test_the_action_builds_with_the_given_config_and_content(repo: Path, tmp_path: Path) -> None:
    (repo / "ppgen.toml").rename(repo / "legal.toml")
    (repo / "content").rename(repo / "policies")
    git = ["git", "-C", str(repo), "-c", "user.name=E", "-c", "user.email=e@x"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "Settings and policies in their own names"], check=True)
    context = inputs(config="legal.toml", content="policies", output="out")
    for name in ("ppgen check", "ppgen build"):
        done, _ = run_step(action_step(name), context, repo, tmp_path, env={})
        assert done.returncode == 0, done.stdout + done.stderr
    assert (repo / "out" / "privacy" / "index.html").is_file()


def fake_aws(tmp_path: Path) -> Path:
    """A stand-in for the AWS CLI: it writes each call's arguments, one per line, to aws.log."""
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    (folder / "aws").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" "--" >> {tmp_path / "aws.log"}\n')
    (folder / "aws").chmod(0o755)
    return folder


def aws_calls(tmp_path: Path) -> list[list[str]]:
    text = (tmp_path / "aws.log").read_text() if (tmp_path / "aws.log").exists() else ""
    return [call.strip("\n").split("\n") for call in text.split("--\n") if call.strip()]


def s3_step(name: str) -> dict[str, Any]:
    (step,) = [
        s for s in steps_of(workflow("publish-s3-cloudfront.yml")) if s.get("name", "").startswith(name)
    ]
    return step


S3_ENV = workflow("publish-s3-cloudfront.yml")["jobs"]["publish"].get("env", {})


def test_s3_upload_goes_under_the_sites_base_path(repo: Path, tmp_path: Path) -> None:
    subprocess.run(
        [f"{BIN}/ppgen", "build", "-q", "--base-url", "https://example.com/legal/"], cwd=repo, check=True
    )
    context = {
        "vars.SITE_URL": "https://example.com/legal/",
        "vars.SITE_BUCKET": "bucket",
        "vars.CLOUDFRONT_DISTRIBUTION": "E123",
        "steps.ppgen.outputs.site": "site",
    }
    done, _ = run_step(
        s3_step("Upload"), context, repo, tmp_path, env=S3_ENV, path=f"{fake_aws(tmp_path)}:{BIN}"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    calls = aws_calls(tmp_path)
    assert len(calls) == 4 and all(call[:2] == ["s3", "sync"] for call in calls)
    assert [call[3] for call in calls] == ["s3://bucket/legal/_static", *["s3://bucket/legal/"] * 3]
    md = [call for call in calls if "--content-type" in call]
    assert md and md[0][md[0].index("--content-type") + 1] == "text/markdown; charset=utf-8"
    assert "--delete" in calls[-1] and "_static/*" in calls[-1]


@pytest.mark.parametrize(
    ("site_url", "base"), [("https://example.com/legal/", "/legal/"), ("https://example.com", "/")]
)
def test_every_invalidated_path_is_under_the_base_path(tmp_path: Path, site_url: str, base: str) -> None:
    changed = tmp_path / "changed.txt"
    changed.write_text(
        "M index.html\nM privacy/index.html\nA privacy/2026-01-01.md\nD old/index.html\n"
        "A _static/style.0123abcd.css\nM privacy/diff/2025-06-01...2026-01-01/index.html\n"
    )
    context = {
        "vars.SITE_URL": site_url,
        "vars.SITE_BUCKET": "bucket",
        "vars.CLOUDFRONT_DISTRIBUTION": "E123",
        "steps.ppgen.outputs.changed": str(changed),
    }
    done, _ = run_step(
        s3_step("Invalidate"), context, tmp_path, tmp_path, env=S3_ENV, path=str(fake_aws(tmp_path))
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (call,) = aws_calls(tmp_path)
    assert (
        call[:4] == ["cloudfront", "create-invalidation", "--distribution-id", "E123"]
        and call[4] == "--paths"
    )
    assert set(call[5:]) == {
        base + p
        for p in (
            "",
            "index.html",
            "privacy/",
            "privacy/index.html",
            "privacy/2026-01-01.md",
            "old/",
            "old/index.html",
            "privacy/diff/2025-06-01...2026-01-01/",
            "privacy/diff/2025-06-01...2026-01-01/index.html",
        )
    }


def test_many_changes_are_one_wildcard_under_the_base_path(tmp_path: Path) -> None:
    changed = tmp_path / "changed.txt"
    changed.write_text("".join(f"M p{i}/index.html\n" for i in range(600)))
    context = {
        "vars.SITE_URL": "https://example.com/legal/",
        "vars.SITE_BUCKET": "b",
        "vars.CLOUDFRONT_DISTRIBUTION": "E1",
        "steps.ppgen.outputs.changed": str(changed),
    }
    done, _ = run_step(
        s3_step("Invalidate"), context, tmp_path, tmp_path, env=S3_ENV, path=str(fake_aws(tmp_path))
    )
    assert done.returncode == 0, done.stderr
    assert aws_calls(tmp_path)[0][5:] == ["/legal/*"]


CLOUDFRONT_CASES = {
    "/legal/": {"uri": "/legal/index.html"},
    "/legal/privacy/": {"uri": "/legal/privacy/index.html"},
    "/legal/privacy/diff/2025-06-01...2025-10-15/": {
        "uri": "/legal/privacy/diff/2025-06-01...2025-10-15/index.html"
    },
    "/legal/privacy/2025-10-15.md": {"uri": "/legal/privacy/2025-10-15.md"},
    "/legal/_static/style.0123abcd.css": {"uri": "/legal/_static/style.0123abcd.css"},
    "/legal/feed.xml": {"uri": "/legal/feed.xml"},
    "/legal/privacy": {"location": "/legal/privacy/?utm=x&utm=y"},
    "/legal": {"location": "/legal/?utm=x&utm=y"},
    "/legal/privacy/diff/2025-06-01...2025-10-15": {
        "location": "/legal/privacy/diff/2025-06-01...2025-10-15/?utm=x&utm=y"
    },
}


def test_the_cloudfront_function_serves_folders_as_their_index_html() -> None:
    """docs/cloudfront-function.js, run by Node.js as CloudFront runs it: a `handler(event)` for viewer requests."""
    script = """
    const fs = require("fs");
    const handler = new Function(fs.readFileSync(process.argv[1], "utf8") + "; return handler;")();
    const out = {};
    for (const uri of JSON.parse(process.argv[2])) {
      const query = {utm: {value: "x", multiValue: [{value: "x"}, {value: "y"}]}};
      const r = handler({version: "1.0", request: {method: "GET", uri: uri, querystring: query, headers: {}}});
      out[uri] = r.statusCode ? {status: r.statusCode, location: r.headers.location.value} : {uri: r.uri};
    }
    console.log(JSON.stringify(out));
    """
    done = subprocess.run(
        ["node", "-e", script, str(DOCS / "cloudfront-function.js"), json.dumps(list(CLOUDFRONT_CASES))],
        capture_output=True,
        text=True,
        check=True,
    )
    answers = json.loads(done.stdout)
    for uri, expected in CLOUDFRONT_CASES.items():
        if "location" in expected:
            assert answers[uri] == {"status": 301, **expected}, uri
        else:
            assert answers[uri] == expected, uri


def test_the_cloudfront_template_carries_the_function_and_the_headers_of_headers() -> None:
    template = json.loads((DOCS / "cloudfront-template.json").read_text())
    resources = template["Resources"]
    assert (
        resources["IndexHtmlFunction"]["Properties"]["FunctionCode"]
        == (DOCS / "cloudfront-function.js").read_text()
    )
    assert resources["IndexHtmlFunction"]["Properties"]["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    config = resources["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"][
        "SecurityHeadersConfig"
    ]
    policy = {
        "Content-Security-Policy": config["ContentSecurityPolicy"]["ContentSecurityPolicy"],
        "X-Content-Type-Options": "nosniff" if config["ContentTypeOptions"]["Override"] else "",
        "Referrer-Policy": config["ReferrerPolicy"]["ReferrerPolicy"],
        "X-Frame-Options": config["FrameOptions"]["FrameOption"],
    }
    lines = headers([]).decode().split("\n/", 1)[0].splitlines()  # the `/*` rule: what every file gets
    assert lines[0] == "/*"
    assert policy == dict(line.strip().split(": ", 1) for line in lines[1:])
    assert all(part.get("Override") for part in config.values())


@pytest.mark.parametrize(
    ("version", "action_path", "spec"),
    [
        ("", "elsewhere/_actions/ppgen-policies/ppgen/v1", "ppgen-policies"),
        ("0.1.0", "elsewhere/_actions/ppgen-policies/ppgen/v1", "ppgen-policies==0.1.0"),
        ("source", "elsewhere/_actions/ppgen-policies/ppgen/v1", "{action}"),
        ("", "workspace", "{action}"),  # `uses: ./` in a checkout of ppgen: the code it sits in
    ],
)
def test_the_action_installs_the_distribution_or_its_own_checkout(
    tmp_path: Path, version: str, action_path: str, spec: str
) -> None:
    """The install step's choice, with a stand-in `python` that records the pip command instead of installing."""
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    (fake / "python").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {tmp_path / "pip.log"}\n')
    (fake / "python").chmod(0o755)
    (tmp_path / "workspace").mkdir()
    action = tmp_path / action_path
    action.mkdir(parents=True, exist_ok=True)
    env = {"GITHUB_WORKSPACE": str(tmp_path / "workspace"), "GITHUB_ACTION_PATH": str(action)}
    done, _ = run_step(
        action_step("Install ppgen"),
        inputs(ppgen_version=version),
        tmp_path,
        tmp_path,
        env=env,
        path=f"{fake}:{BIN}",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ppgen, version ")
    args = (tmp_path / "pip.log").read_text().splitlines()
    assert args[:3] == ["-m", "pip", "install"] and args[-1] == spec.format(action=action)
