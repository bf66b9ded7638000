"""Every page a person reads passes axe-core (issue 18): the form, the preview, the status page, the dashboard,
a run's page, the application's page and its review sheet, the run report and the receipt sheet, in the standard
look on a desk and in 适老 mode on a phone, with no critical and no serious violation, and each with a level-one
heading and a main landmark.

axe-core comes from the npm registry (package.json's devDependencies, package-lock.json, ``npm ci``) and is put
into each page as it is (``node_modules/axe-core/axe.min.js``); the contexts bypass the pages' own CSP, which
would refuse a script the app did not serve. Folded parts (``details``) are opened first, so that what hides in
them is checked too."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bot.evidence.documents import write_documents
from bot.mapping.bundle import Bundle
from bot.paths import PROJECT_ROOT
from bot.run.start import start_stored_run
from bot.run.states import State
from bot.web import tracking
from bot.web.app import WebSettings
from bot.web.pages import ELDER_COOKIE
from tests.support import EXAMPLES
from tests.web.conftest import CLERK, SIZES, Served
from tests.web.support import confirmed, example, settled_run

pytestmark = pytest.mark.browser
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")
# Moderate in axe's words, but issue 18 asks for them: a level-one heading and a main landmark on every page.
ASKED = ("page-has-heading-one", "landmark-one-main")
CAPTCHA = (EXAMPLES / "scans" / "liaison-id.png").read_bytes()  # any picture does for the captcha's place

VIOLATIONS = """async () => {
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " + (n.failureSummary || "").split("\\n")[1]),
  }));
}"""


def violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's critical and serious findings on the page as it is now, and the rules in ``ASKED``."""
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(VIOLATIONS)
    return [v for v in found if v["impact"] in BLOCKING or v["id"] in ASKED]


@pytest.fixture
def looks(browser: Browser) -> Iterator[dict[str, BrowserContext]]:
    """A desk in the standard look and a phone in 适老 mode."""
    contexts = {
        "desk": browser.new_context(locale="zh-CN", viewport=SIZES["desktop"], bypass_csp=True),  # type: ignore[arg-type]
        "phone-elder": browser.new_context(
            locale="zh-CN",
            viewport=SIZES["phone"],  # type: ignore[arg-type]
            is_mobile=True,
            has_touch=True,
            bypass_csp=True,
        ),
    }
    for context in contexts.values():
        context.set_default_timeout(15_000)
    yield contexts
    for context in contexts.values():
        context.close()


def _draft_for_preview(web: Served, bundle: Bundle) -> str:
    """A draft holding the example's values and its two scans, ready for 核对信息."""
    token, draft = web.app.state.drafts.create(bundle.name)
    shutil.copytree(EXAMPLES / "scans", Path(draft.upload_dir) / "scans", dirs_exist_ok=True)
    web.app.state.drafts.save(draft.id, example())
    return str(token)


def _busy_run(web: Served, bundle: Bundle, evidence: Path) -> None:
    """A run the dashboard shows with an open captcha, an SMS code for the clerk, a refusal and a retry."""
    _, application_id = confirmed(web, bundle)
    run_id = start_stored_run(web.ledger, bundle, application_id, evidence_root=evidence)
    filings = {f.item: f for f in web.ledger.filings(run_id)}
    for item, target in (
        ("samr-registration", State.RUNNING),
        ("psb-seal", State.RUNNING),
        ("bank-account", State.FAILED_BUSINESS),
        ("hrss-insurance", State.FAILED_TECHNICAL),
    ):
        web.ledger.move(filings[item].id, State.PENDING, State.RUNNING, "第 1 次办理")
        if target != State.RUNNING:
            web.ledger.move(filings[item].id, State.RUNNING, target, "门户提示：预约日期不可预约", error="门户提示")
    samr = filings["samr-registration"].id
    web.ledger.ask(samr, kind="captcha", who="clerk", question="请输入图形验证码", image=CAPTCHA)
    web.ledger.ask(
        filings["psb-seal"].id, kind="sms", who="clerk", question="验证码已发送至 138****2345，请输入", image=None
    )


def test_every_page_passes_axe(make_web: Any, bundle: Bundle, looks: dict[str, BrowserContext], tmp_path: Path) -> None:
    assert AXE.is_file(), "axe-core is missing: run make setup (npm ci)"
    web = make_web(WebSettings())
    evidence = tmp_path / "evidence"
    preview_token = _draft_for_preview(web, bundle)
    raw = example()
    _, application_id = confirmed(web, bundle, raw)
    done_run = settled_run(web, bundle, application_id, evidence)
    write_documents(web.ledger, done_run, pdf=False)
    _busy_run(web, bundle, evidence)
    draft = web.app.state.drafts.by_application(application_id)
    number = tracking.number(application_id, draft.confirmed_at)

    found: dict[str, list[dict[str, Any]]] = {}
    for look, context in looks.items():
        if look == "phone-elder":
            context.add_cookies([{"name": ELDER_COOKIE, "value": "1", "url": web.url}])
        page = context.new_page()

        def check(name: str, page: Page = page, look: str = look) -> None:
            found[f"{look} {name}"] = violations(page)

        page.goto(f"{web.url}/apply/open-company")
        check("form")
        page.get_by_role("button", name="下一步：核对信息").click()  # every problem at once, beside its field
        expect(page.get_by_role("alert").first).to_be_visible()
        check("form with its problems")
        page.goto(f"{web.url}/d/{preview_token}/preview")
        expect(page.get_by_role("heading", level=1)).to_contain_text("核对信息")
        check("preview")
        page.goto(f"{web.url}/status")
        check("status look-up")
        page.get_by_label("申请编号").fill(number)
        page.get_by_label("手机号码").fill(raw["legal_rep"]["mobile"])
        page.get_by_role("button", name="查询").click()
        expect(page.locator(".uscc")).to_be_visible()
        check("status page")

        page.goto(f"{web.url}/clerk/login")
        check("clerk login")
        page.get_by_label("账号").fill(CLERK[0])
        page.get_by_label("密码").fill(CLERK[1])
        page.get_by_role("button", name="登录").click()
        expect(page.locator("img").first).to_be_visible()  # the captcha of the open hand-off
        check("dashboard")
        page.goto(f"{web.url}/clerk/runs/{done_run}")
        check("run page")
        page.goto(f"{web.url}/clerk/applications/{application_id}")
        check("application (查看申请)")
        page.goto(f"{web.url}/clerk/applications/{application_id}/review")
        expect(page.get_by_role("heading", level=1)).to_contain_text("辅助审核")
        check("review sheet (辅助审核)")
        page.goto((evidence / done_run / "report.html").as_uri())
        check("report")
        page.goto((evidence / done_run / "receipt.html").as_uri())
        check("receipt")
        page.close()

    failing = {page: v for page, v in found.items() if v}
    assert not failing, "axe-core, critical and serious:\n" + "\n".join(
        f"{page}: {v['impact']} {v['id']} ({v['help']})\n    " + "\n    ".join(v["nodes"])
        for page, vs in failing.items()
        for v in vs
    )
