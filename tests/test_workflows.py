"""Hosted publishing workflows and pre-commit run the same check and strict build as the hooks."""

import yaml
from sites import ROOT


def commands(node) -> list[str]:
    """Every shell command in a workflow file, wherever it sits."""
    if isinstance(node, dict):
        return [c for key, value in node.items()
                for c in ([value] if key in ("run", "entry") and isinstance(value, str) else
                          value if key == "script" else commands(value))]
    if isinstance(node, list):
        return [c for item in node for c in commands(item)]
    return []


def test_github_workflow_checks_builds_and_deploys_only_main():
    flow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    run = commands(flow)
    assert "python -m macros check" in run
    assert any("mkdocs build --strict" in c for c in run)
    assert "main" in flow["jobs"]["deploy"]["if"] and flow["jobs"]["deploy"]["needs"] == "build"


def test_gitlab_pipeline_checks_and_builds_before_publishing():
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    pages = pipeline["pages"]["script"]
    assert pages.index("python -m macros check") < next(
        i for i, c in enumerate(pages) if "mkdocs build --strict" in c)
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]


def test_pre_commit_runs_the_check():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert "python -m macros check" in commands(config)
