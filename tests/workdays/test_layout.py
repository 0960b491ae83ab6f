"""The direction of imports around the working-day calendar: workdays at the bottom, and the
publishing workflow learning about a page only through the page's own methods."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = {"portal", "disclosure", "applications", "publishing", "search",
                "confidentiality", "textextract", "workdays"}


def imported_apps(package: str) -> dict[str, set[str]]:
    """{file: project apps it imports}, imports inside functions included."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names & PROJECT_APPS
    return found


def test_workdays_imports_none_of_the_projects_other_apps():
    offending = {path: apps - {"workdays"} for path, apps in imported_apps("workdays").items()
                 if apps - {"workdays"}}
    assert offending == {}


@pytest.mark.parametrize("content_app", ["disclosure", "applications"])
def test_publishing_does_not_import_the_content_apps(content_app):
    offending = [path for path, apps in imported_apps("publishing").items()
                 if content_app in apps]
    assert offending == []
