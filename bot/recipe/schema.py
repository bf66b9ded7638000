"""The recipe language: one verb per step, locators by label and role first, CSS last.

Each step is a mapping with exactly one verb key and, optionally, ``name`` (what a
person reads in logs and reports), ``timeout`` (ms) and ``no_log`` (never log the
value). Values are Jinja2 templates over ``f`` (the item's mapped fields, keyed by
the portal's labels), ``app``, ``outputs``, ``secrets`` and, inside ``repeat``, ``row``.
The models here are the schema: ``bot schema`` writes their JSON Schema for editors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Locator(_Strict):
    """How to find an element; the first of label, role, text, placeholder, css that is set wins.

    A plain string is shorthand for ``{label: …}``.
    """

    label: str | None = None
    role: str | None = None
    name: str | None = Field(None, description="the accessible name, with role")
    text: str | None = None
    placeholder: str | None = None
    css: str | None = Field(None, description="last resort: CSS breaks when the portal's markup changes")
    exact: bool = False
    nth: int | None = Field(None, description="0-based index when several elements match; -1 for the last")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"label": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_strategy(self) -> Locator:
        if not any((self.label, self.role, self.text, self.placeholder, self.css)):
            raise ValueError("定位器需要 label、role、text、placeholder 或 css 之一")
        if self.name and not self.role:
            raise ValueError("name 只能与 role 一起使用")
        return self


class Common(_Strict):
    name: str | None = Field(None, description="what a person reads in logs and reports")
    timeout: int | None = Field(None, description="milliseconds to wait for this step (default: the recipe's)")
    no_log: bool = Field(False, description="never log or trace this step's value (secrets)")


class FillArgs(Locator):
    value: str


class SelectArgs(Locator):
    option: str = Field(description="the option's visible label")


class CheckArgs(Locator):
    value: str | bool = True


class PressArgs(_Strict):
    key: str
    target: Locator | None = None


class WaitArgs(_Strict):
    """Wait on what the page shows, never on time."""

    text: str | None = None
    url: str | None = Field(None, description="a glob the page's URL must match")
    frame_url: str | None = Field(
        None, description="a glob: wait until a frame at this URL has loaded (its scripts have run)"
    )
    visible: Locator | None = None
    hidden: Locator | None = None
    refused: Locator | None = Field(
        None,
        description="the portal's error box: if it shows before what is awaited, the portal has refused the data "
        "(a business failure with the box's text, not retried), e.g. after a wizard's 下一步",
    )
    denied: Locator | None = Field(
        None,
        description="what a login page shows for a wrong account or password, e.g. {text: 密码错误}: if it shows "
        "before what is awaited, the filing waits for a person with the page's words, never retried (a portal locks "
        "an account after a few wrong passwords)",
    )

    @model_validator(mode="after")
    def _refused_needs_a_condition(self) -> WaitArgs:
        awaited = any((self.text, self.url, self.frame_url, self.visible, self.hidden))
        for name, box in (("refused", self.refused), ("denied", self.denied)):
            if box is not None and not awaited:
                raise ValueError(f"{name} 需要与 url、text、visible 等等待条件同用：等待的内容或错误提示，先出现者为准")
        return self


class ExpectArgs(Locator):
    """Read and assert in one step, retried until the timeout."""

    equals: str | None = None
    contains: str | None = None
    visible: bool | None = None


class UploadArgs(Locator):
    file: str
    done: ExpectArgs | None = Field(
        None,
        description="what the page shows once the file is uploaded (an upload by AJAX): checked like expect; "
        "the file is chosen again when its upload was answered with an error",
    )


class Extraction(Locator):
    attribute: str | None = Field(None, description="read this attribute instead of the text")
    pattern: str | None = Field(None, description="a regular expression; its first group (or whole match) is kept")
    download: bool = Field(
        False,
        description="the element is a link to a file (a licence PDF): fetch it with the page's session, "
        "keep it with the filing's evidence, and take its path as the value",
    )

    @model_validator(mode="after")
    def _download_alone(self) -> Extraction:
        if self.download and (self.attribute or self.pattern):
            raise ValueError("download 不能与 attribute 或 pattern 同用")
        return self


class WithinArgs(_Strict):
    frame: Locator | None = Field(None, description="an iframe to step into")
    region: Locator | None = Field(None, description="an element to scope the steps to")
    steps: list[Step]


class RepeatArgs(_Strict):
    over: str = Field(description="a template giving a list, e.g. {{ f.股东（发起人） }}")
    as_: str = Field("row", alias="as")
    steps: list[Step]


class WhenArgs(_Strict):
    """Run steps if a template is true (``if``) or if the page shows an element now (``visible``)."""

    condition: str | None = Field(None, alias="if")
    visible: Locator | None = Field(
        None, description="a page condition, e.g. the login button: log in only when the session has expired"
    )
    steps: list[Step]
    otherwise: list[Step] = Field(default_factory=list, alias="else")

    @model_validator(mode="after")
    def _one_condition(self) -> WhenArgs:
        if (self.condition is None) == (self.visible is None):
            raise ValueError("when 需要 if 或 visible 之一（只能一个）")
        return self


class IncludeArgs(_Strict):
    snippet: str = Field(description="a file under recipes/_shared/, without .yaml")
    vars: dict[str, str] = Field(default_factory=dict)


class AskArgs(_Strict):
    """A hand-off: a question a person answers (captcha, SMS code, a decision)."""

    kind: Literal["captcha", "sms", "decision"]
    question: str = Field(description="Chinese, shown to the clerk or the applicant")
    image: Locator | None = Field(None, description="for a captcha: the image to show")
    who: Literal["clerk", "applicant"] = "clerk"
    phone: str | None = Field(
        None, description="for an SMS code: the mobile it was sent to (shown masked), e.g. {{ f.经办人.联系电话 }}"
    )
    into: str = Field(description="the variable that receives the answer")


class FillFormArgs(_Strict):
    group: str = Field(description="a group of the item's mapping, e.g. 单位信息 or 主要人员/法定代表人")
    only: list[str] = Field(default_factory=list)
    skip: list[str] = Field(default_factory=list)
    row: str | None = Field(None, description="inside repeat: the row's values, e.g. {{ row }}")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"group": value} if isinstance(value, str) else value


class SubmitArgs(_Strict):
    """The point of no return: the ledger records the intent before ``click``."""

    click: Locator
    confirm: Locator | None = Field(None, description="a confirmation dialog's button, if any")
    receipt: dict[str, Extraction] = Field(description="outputs read from the receipt page, e.g. receipt_no")
    wait: WaitArgs | None = None
    receipt_in: Literal["here", "page"] = Field(
        "here", description="where the receipt shows: in the current scope (e.g. the same iframe) or the whole page"
    )
    refused: Locator | None = Field(
        None,
        description="what the portal shows instead of a receipt when it refuses the data (its error box): "
        "the filing then fails as a business error with that text, and is not retried",
    )

    @model_validator(mode="after")
    def _refused_needs_wait(self) -> SubmitArgs:
        if self.refused is not None and self.wait is None:
            raise ValueError("refused 需要与 wait 同用：等待回执或错误提示，先出现者为准")
        return self


class ReconcileArgs(_Strict):
    """How to find an earlier submission on the portal's 我的办件 page, instead of submitting again.

    Runs from ``start`` when a submit's outcome is unknown (the answer was lost): the steps
    open the list; ``found`` is the earlier submission's entry (absent: it was never filed);
    ``receipt`` is read inside that entry and stands for the lost receipt.
    """

    steps: list[Step]
    frame: Locator | None = Field(
        None,
        description="the iframe that holds the list (as within: frame): found is looked for, and receipt read, "
        "inside it",
    )
    found: Locator = Field(description="the earlier submission's entry, e.g. its row; absent when it was never filed")
    receipt: dict[str, Extraction] = Field(description="read inside the found entry: the same outputs as submit's")


class ApprovalArgs(_Strict):
    """For portals that approve later: how to see whether they have, and read what approval brings.

    Polled from ``start`` in a fresh page with the filing's cookies kept (no browser held
    between polls); ``outputs['<item>']`` holds the receipt read at submit.
    """

    steps: list[Step]
    approved: Locator = Field(description="shown once the portal has approved, e.g. {text: 已核准}")
    refused: Locator | None = Field(None, description="shown when the portal has refused; its text is the reason")
    outputs: dict[str, Extraction] = Field(default_factory=dict, description="read once approved, e.g. the USCC")
    every: int = Field(2000, description="milliseconds between two polls")


class Goto(Common):
    goto: str


class Click(Common):
    click: Locator


class Fill(Common):
    fill: FillArgs


class Select(Common):
    select: SelectArgs


class Check(Common):
    check: CheckArgs


class Choose(Common):
    choose: SelectArgs


class Upload(Common):
    upload: UploadArgs


class Press(Common):
    press: PressArgs


class Wait(Common):
    wait: WaitArgs


class Expect(Common):
    expect: ExpectArgs


class Extract(Common):
    extract: dict[str, Extraction]


class Within(Common):
    within: WithinArgs


class Repeat(Common):
    repeat: RepeatArgs


class When(Common):
    when: WhenArgs


class Include(Common):
    include: IncludeArgs


class Ask(Common):
    ask: AskArgs


class FillForm(Common):
    fill_form: FillFormArgs


class Submit(Common):
    submit: SubmitArgs


STEP_TYPES: dict[str, type[Common]] = {
    "goto": Goto,
    "click": Click,
    "fill": Fill,
    "select": Select,
    "check": Check,
    "choose": Choose,
    "upload": Upload,
    "press": Press,
    "wait": Wait,
    "expect": Expect,
    "extract": Extract,
    "within": Within,
    "repeat": Repeat,
    "when": When,
    "include": Include,
    "ask": Ask,
    "fill_form": FillForm,
    "submit": Submit,
}
VERBS = tuple(STEP_TYPES)
COMMON_KEYS = tuple(Common.model_fields)
SECTIONS = ("reconcile", "approval")  # parts of a recipe beside ``steps`` with steps of their own

Step = Annotated[
    Goto
    | Click
    | Fill
    | Select
    | Check
    | Choose
    | Upload
    | Press
    | Wait
    | Expect
    | Extract
    | Within
    | Repeat
    | When
    | Include
    | Ask
    | FillForm
    | Submit,
    Field(description="one verb per step, plus optional name, timeout, no_log"),
]


class Recipe(_Strict):
    item: str
    start: str = Field(description="the portal's first page: a path under the portal's base URL, or a URL")
    timeout: int = Field(15000, description="default milliseconds each step may wait")
    secrets: list[str] = Field(default_factory=list, description="names of the secrets the recipe reads")
    steps: list[Step]
    reconcile: ReconcileArgs | None = None
    approval: ApprovalArgs | None = None


class Snippet(_Strict):
    """recipes/_shared/<name>.yaml: steps several recipes include (a common login)."""

    steps: list[Step]


for _model in (WithinArgs, RepeatArgs, WhenArgs, ReconcileArgs, ApprovalArgs, Recipe, Snippet):
    _model.model_rebuild()
