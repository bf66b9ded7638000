"""``make_portal_app`` in-process (Starlette's TestClient, a real ASGI round trip):
the pattern a portal engineer can copy to test a spec without starting six servers."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from fastapi.testclient import TestClient
from starlette.responses import Response

from demo.core import AccountDep, PortalDep, PortalSpec, form_payload, make_portal_app, session_of


def build(tmp_path: Path) -> TestClient:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text(
        "<html><head><meta charset='gbk'></head><body>{{ portal.title }}：{{ who }}</body></html>", encoding="utf-8"
    )
    router = APIRouter()

    @router.get("/page")
    def page(request: Request, portal: PortalDep) -> Response:
        return portal.render(request, "page.html", {"who": "单位缴存登记"}, charset="gbk")

    @router.post("/enter")
    def enter(request: Request) -> RedirectResponse:
        session_of(request).login("经办人")
        return RedirectResponse("/page", status_code=303)

    @router.post("/submit")
    async def submit(request: Request, portal: PortalDep, account: AccountDep) -> Response:
        payload = await form_payload(request, encoding="gbk")
        done = portal.submit(request, account=account, payload=payload, receipt_no="GJJ0001", name=payload["dwmc"])
        return Response(done.receipt_no)

    spec = PortalSpec(item="factory-test", short="ft", title="测试门户", router=router, templates_dirs=(templates,))
    app = make_portal_app(spec, data_dir=tmp_path / "data", admin_token="t")
    return TestClient(app, base_url="http://127.0.0.1")


def test_gbk_page_and_gbk_form_are_kept_exactly(tmp_path: Path) -> None:
    with build(tmp_path) as http:
        page = http.get("/page")
        assert page.headers["content-type"] == "text/html; charset=gbk"
        assert page.content.decode("gbk").endswith("测试门户：单位缴存登记</body></html>")

        bounced = http.post("/submit", data={"dwmc": "x"}, follow_redirects=False)
        assert bounced.status_code == 303 and bounced.headers["location"] == "/login"

        assert http.post("/enter", follow_redirects=False).status_code == 303
        name = "".join(f"%{b:02X}" for b in "公积金有限公司".encode("gbk"))
        body = f"dwmc={name}&jcbl=5&jcbl=12&bz="
        done = http.post("/submit", content=body, headers={"content-type": "application/x-www-form-urlencoded"})
        assert done.text == "GJJ0001"
        [stored] = http.get("/__admin/submissions", headers={"X-Admin-Token": "t"}).json()
        assert stored["payload"] == {"dwmc": "公积金有限公司", "jcbl": ["5", "12"], "bz": ""}
        assert stored["account"] == "经办人" and stored["name"] == "公积金有限公司"


def test_errors_are_in_chinese(tmp_path: Path) -> None:
    with build(tmp_path) as http:
        missing = http.get("/nowhere")
        assert missing.status_code == 404 and "页面不存在" in missing.text
        assert http.get("/__admin/captcha", headers={"X-Admin-Token": "t"}).json() == {"error": "尚未生成验证码"}
