"""An installed bot has every file a checkout has: templates, static files, the migration template,
the demo portals' pages, and the project's own mappings/, recipes/, config/ and examples/.

Builds the packages as a wheel would (setup.py's build_py: the same packages, package-dir and
package data, offline and in a few seconds) and compares them with the files of the source tree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.paths import INSTALLED_FILES, PROJECT_ROOT

PACKAGES = ("bot", "demo")
PROJECT_FILES = ("mappings", "recipes", "config", "examples")  # shipped as bot/_project/<folder>


def _source_files(*folders: str) -> list[str]:
    """The files of these folders that git keeps or would keep (tracked, or new and not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *folders],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return sorted(path for path in listed if (PROJECT_ROOT / path).is_file())


def _built(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    egg_info = ["egg_info", "--egg-base", str(tmp_path)]  # its metadata out of the source tree
    subprocess.run(
        [sys.executable, "setup.py", "-q", *egg_info, "build_py", "--build-lib", str(lib)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    )
    return lib


def test_the_wheel_holds_every_file_of_the_packages_and_the_project(tmp_path: Path) -> None:
    lib = _built(tmp_path)
    shipped = INSTALLED_FILES.relative_to(PROJECT_ROOT)
    wanted = ["cli.py", *_source_files(*PACKAGES)]
    wanted += [f"{shipped}/{path}" for path in _source_files(*PROJECT_FILES)]
    missing = [path for path in wanted if not (lib / path).is_file()]
    assert missing == []
    for needed in (  # what bot serve, bot report, bot portals and Alembic open by path
        "bot/web/templates/form.html",
        "bot/web/static/web.css",
        "bot/evidence/templates/report.html.j2",
        "bot/scale/migrations/script.py.mako",
        "demo/bank/static/js/api.js",
        f"{shipped}/mappings/bundles/open-company.yaml",
        f"{shipped}/recipes/_shared/samr-login.yaml",
        f"{shipped}/config/portals.yaml",
        f"{shipped}/examples/open-company.yaml",
    ):
        assert (lib / needed).is_file(), needed
