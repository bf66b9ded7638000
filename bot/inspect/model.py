"""What an inspection found on a page: its fields by section, its tables of rows, what could not be classified.

Plain data (JSON for ``bot inspect --json``, compared by ``bot drift``); the kinds are the kits' widget kinds
(bot/recipe/kits/base.py) for a kit's widget and the built-in adapters' kinds (bot/recipe/widgets.py) for a
native or ARIA control.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# The built-in adapters' kinds, as bot.recipe.widgets.fill_element chooses them, and what a person calls them.
NATIVE_TITLES = {
    "select": "下拉框",
    "checkbox": "复选框",
    "radio": "单选按钮",
    "upload": "文件上传",
    "combobox": "下拉框（ARIA）",
    "tag-picker": "标签选择",
    "autocomplete": "自动补全输入框",
    "choice-group": "选项组",
    "tree": "树形选择",
    "cascader": "级联选择器",
    "date": "日期（日历）",
    "textarea": "多行文本框",
    "number": "数字输入框",
    "input": "文本框",
    "readonly": "只读文本框",
}
CHOOSING = {
    "select",
    "radio",
    "checkbox",
    "multi-select",
    "cascader",
    "tree-select",
    "transfer",
    "combobox",
    "tag-picker",
    "choice-group",
    "autocomplete",
}  # kinds whose options are worth listing
HOW = {
    "row": "按表单行中的标签",
    "label": "按关联标签",
    "aria-label": "按 aria-label",
    "placeholder": "按占位文字",
    "title": "按 title",
}


@dataclass
class Field:
    number: int  # as on the picture
    section: list[str]  # the sections around it, outermost first
    label: str  # as shown (required marker and colon dropped)
    how: str  # how fill_form finds it: row, label, aria-label, placeholder (HOW)
    kind: str  # a kit widget's kind, or a native/ARIA kind (NATIVE_TITLES)
    kit: str | None  # the kit whose widget it is; None: a native or ARIA control
    title: str  # what a person calls the widget
    required: bool
    options: list[str] | None  # a choice's options, where the page lists them without opening anything
    shown: bool  # visible now (not in a closed section, not a row shown only on a condition)
    value: Any = None  # what it shows now
    found: bool | None = None  # fill_form's own lookup finds this very element by its label (None: not checked)
    problem: str = ""  # why it could not be classified or found, in Chinese
    levels: list[str] | None = None  # linked selects listed as one cascader: each level's own label (X 省, X 市)

    @property
    def group(self) -> str:
        return "/".join(self.section)

    def locator(self) -> str:
        """How a recipe reaches it: fill_form of its section, by its label (or a plain fill)."""
        key = "placeholder" if self.how == "placeholder" else "label"
        where = f"fill_form {self.group} → " if self.section else "fill "
        return f"{where}{{{key}: {self.label}}}"


@dataclass
class Column:
    header: str
    kind: str
    kit: str | None


@dataclass
class TableOfRows:
    section: list[str]
    kit: str
    columns: list[Column]
    rows: int
    shown: bool

    @property
    def name(self) -> str:
        return self.section[-1] if self.section else ""


@dataclass
class Inspection:
    url: str
    title: str
    kits: list[str]
    fields: list[Field] = field(default_factory=list)
    tables: list[TableOfRows] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # every section's path, "a/b"
    buttons: list[str] = field(default_factory=list)  # the buttons' texts (a submit button is guessed from them)
    screenshot: str | None = None
    frame: str = ""  # the iframe the form is in, as CSS (#mainFrame); "" for the page itself
    frame_url: str = ""  # that iframe's page
    page: str = ""  # which page of a walk (the recipe's step before which it was inspected), for drift
    groups: dict[str, str] = field(default_factory=dict)  # (a walk) mapping group fill_form filled here → its step
    left_out: dict[str, list[str]] = field(default_factory=dict)  # group → labels its fill_form skips (only/skip)
    # (a walk) a mapped field an explicit step fills here ("确认/承诺书") → the label that step finds it by
    filled_by: dict[str, str] = field(default_factory=dict)

    @property
    def unclassified(self) -> list[Field]:
        return [f for f in self.fields if f.problem]

    def json(self) -> dict[str, Any]:
        data = asdict(self)
        for entry, f in zip(data["fields"], self.fields, strict=True):
            entry["locator"] = f.locator()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Inspection:
        fields = [Field(**{k: v for k, v in f.items() if k != "locator"}) for f in data.get("fields", [])]
        tables = [TableOfRows(**{**t, "columns": [Column(**c) for c in t["columns"]]}) for t in data.get("tables", [])]
        rest = {k: v for k, v in data.items() if k not in ("fields", "tables")}
        return cls(**rest, fields=fields, tables=tables)
