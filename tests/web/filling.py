"""Filling the web form as an applicant would, from an application file's values (examples/open-company.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from bot.form.identifiers import region


def fill_form(page: Page, raw: dict[str, Any], base_dir: Path) -> None:
    """Type every value of ``raw`` into the form: tables row by row (adding rows), the region through
    its three selects, enums by option, several choices by ticking, scans by choosing the file."""
    form = page.locator("#apply-form")
    for section, values in raw.items():
        if isinstance(values, list):
            box = form.locator(f"#section-{section}")
            for index, row in enumerate(values):
                if index >= box.locator("fieldset.row").count():
                    box.get_by_role("button", name="添加一行").click()
                fill_fields(page, row, base_dir, box.locator("fieldset.row").nth(index))
        else:
            fill_fields(page, values, base_dir, form.locator(f"#section-{section}"))


def fill_fields(page: Page, values: dict[str, Any], base_dir: Path, scope: Any) -> None:
    for name, value in values.items():
        control = scope.locator(f'[name$=".{name}"]')
        kind = control.first.evaluate("e => e.type || e.tagName.toLowerCase()")
        if kind == "checkbox":
            for code in value:
                scope.locator(f'input[type=checkbox][name$=".{name}"][value="{code}"]').check()
        elif kind == "file":
            control.set_input_files(base_dir / str(value))
        elif kind == "select-one" and "region-district" in (control.get_attribute("class") or ""):
            place = region(str(value))
            cascader = scope.locator(".cascader")
            cascader.get_by_label("省份").select_option(label=place.province)
            cascader.get_by_label("城市").select_option(label=place.city)
            cascader.get_by_label("区县").select_option(value=str(value))
        elif kind == "select-one":
            control.select_option(value=str(value))
        else:
            control.fill(str(value))
