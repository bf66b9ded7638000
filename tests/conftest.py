"""Fixtures shared by the form, mapping and CLI tests: the real project files, loaded once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.application import Application, load_values, validate
from bot.bundle import Bundle, load_bundle
from bot.reduction import reduce
from tests.support import EXAMPLES, MAPPINGS, TODAY


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    return load_bundle(MAPPINGS, "open-company")


@pytest.fixture(scope="session")
def used_fields(bundle: Bundle) -> set[str]:
    return {f.spec.path for f in reduce(bundle).fields}


@pytest.fixture(scope="session")
def example_raw() -> dict[str, object]:
    return load_values(EXAMPLES / "open-company.yaml")


@pytest.fixture(scope="session")
def example_app(bundle: Bundle, example_raw: dict[str, object], used_fields: set[str]) -> Application:
    return validate(bundle.form, example_raw, base_dir=EXAMPLES, today=TODAY, used=used_fields)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A writable copy of mappings/ for tests that seed mistakes."""
    target = tmp_path / "mappings"
    shutil.copytree(MAPPINGS, target)
    return target
