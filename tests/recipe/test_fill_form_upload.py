"""fill_form over a plain file input (tests/recipe/site/upload.html), in real headless Chromium: the mapping
gives the file's path, the page shows only its name, and the read-back compares the two as a person would."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.recipe.runner import Runner
from bot.recipe.schema import Recipe
from tests.recipe.conftest import SITE
from tests.support import filing_page, run_async

pytestmark = pytest.mark.browser
RECIPE = """
item: test-upload
start: /upload.html
timeout: 5000
steps:
  - fill_form: 材料
"""


def test_a_native_upload_is_set_and_read_back_by_its_name(site_url: str, tmp_path: Path) -> None:
    lease = SITE / "licence.pdf"

    async def go() -> list[str]:
        async with filing_page() as page:
            runner = Runner(
                Recipe.model_validate(yaml.safe_load(RECIPE)),
                base_url=site_url,
                values={
                    "f": {"材料": {"住所证明": str(lease), "备注": "租赁"}},
                    "app": {},
                    "outputs": {},
                    "secrets": {},
                },
                evidence_dir=tmp_path,
            )
            await runner.file(page)
            names: list[str] = await page.locator("#lease").evaluate("e => [...e.files].map(f => f.name)")
            return names

    assert run_async(go()) == ["licence.pdf"]
