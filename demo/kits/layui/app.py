"""bed-layui: 企业开办一窗通 · 设立登记 as a layui 2.x government portal draws it.

What makes it a layui portal, and what a bot meets there: ``.layui-form-label`` with no ``for``
(the control is in the same ``.layui-form-item``, inside ``.layui-input-block``/``-inline``);
sections as cards (``.layui-card-header``), a fieldset with a legend, a legend-only field title,
a collapse and a tab; the native select, checkboxes and radios hidden under layui's drawn ones;
laydate pickers (date, range, month, year, datetime, time) opened on dates years away; a slider,
an upload, a transfer, a tree in a dropdown, three linked 省/市/区 selects, a lay-search select,
a remote search select (options after typing, from ``/api/bank-branches``), an autocomplete
(layui dropdown) and a table of 股东 rows with 添加. The login has a slider check whose track the
server judges (``/login/slider``): several mouse moves, not one jump, to the end of the track.

Option lists are defined once (:mod:`demo.kits.layui.options`); the page posts JSON
(``/api/apply``) and ``shown`` reads the stored payload back as a person reads the 办件详情.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from demo.core import AccountDep, PortalDep, PortalSpec, Submission, Upload, session_of
from demo.kits.choices import labels
from demo.kits.layui import options
from demo.kits.login import DEMO_ACCOUNT as DEMO_ACCOUNT  # the bed's account: tests and bench.kits read it here
from demo.kits.login import login_router, seed_demo_account, sign_in
from demo.kits.vendor import vendor_router

HERE = Path(__file__).parent
SLIDER_KEY = "slider_passed"
TRACK = 300  # px: the slider check's track, and its handle's width
HANDLE = 40
REMOTE_DELAY_S = 0.3  # the bank-branch search answers after a network's delay

router = APIRouter()
router.include_router(vendor_router())
router.include_router(login_router("/apply", {"error": "", "track": TRACK, "handle": HANDLE}))


# -- login with a slider check -------------------------------------------------------------------------


def human_drag(track: Any) -> str:
    """Why a slider track is refused ("" if it passes): ``[[dx, dy, ms], …]`` from press to release must
    have several moves (a jump is one), not all the same size (a script's even steps), and end at the
    track's end."""
    try:
        points = [(float(x), float(y), float(t)) for x, y, t in track]
    except (TypeError, ValueError):
        return "验证失败：轨迹无效"
    if len(points) < 5:
        return "验证失败：请按住滑块拖动"
    end = TRACK - HANDLE
    if abs(points[-1][0] - end) > 3:
        return "验证失败：请拖动到最右边"
    steps = {round(b[0] - a[0], 1) for a, b in pairwise(points)}
    if len(steps) < 3 or any(x < -5 for x, _, _ in points):
        return "验证失败：请重试"
    return ""


@router.post("/login/slider")
async def slider(request: Request) -> JSONResponse:
    body = await request.json()
    problem = human_drag(body.get("track") if isinstance(body, dict) else None)
    session_of(request).set(SLIDER_KEY, not problem)
    return JSONResponse({"code": 1 if problem else 0, "msg": problem or "验证通过"})


@router.post("/login")
def do_login(
    request: Request,
    portal: PortalDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    session = session_of(request)
    passed = session.pop(SLIDER_KEY, False)
    if not passed:
        error = "请先拖动滑块完成验证"
    elif not sign_in(request, portal, username, password):
        error = "用户名或密码错误"
    else:
        return RedirectResponse("/apply", status_code=303)
    ctx = {"notice": "", "error": error, "track": TRACK, "handle": HANDLE}
    return portal.render(request, "login.html", ctx, status_code=200)


# -- the form ------------------------------------------------------------------------------------------


@router.get("/apply")
def apply_page(request: Request, portal: PortalDep, account: AccountDep) -> Response:
    return portal.render(request, "form.html", {"options": json.dumps(options.for_page(), ensure_ascii=False)})


@router.get("/api/bank-branches")
async def bank_branches(account: AccountDep, q: str = "") -> JSONResponse:
    """The remote search: branches whose name holds every typed character, after a network's delay."""
    await asyncio.sleep(REMOTE_DELAY_S)
    q = q.strip()
    found = [{"value": c, "name": n} for c, n in options.BANK_BRANCHES.items() if q and q in n]
    return JSONResponse({"code": 0, "msg": "", "data": found})


@router.post("/api/upload")
async def upload(
    request: Request,
    portal: PortalDep,
    account: AccountDep,
    file: Annotated[UploadFile, File()],
    field: Annotated[str, Form()] = "",
) -> JSONResponse:
    if not file.filename:
        return JSONResponse({"code": 1, "msg": "请选择文件"})
    saved = await portal.save_upload(request, field, file)
    return JSONResponse({"code": 0, "msg": "上传成功", "data": {"id": saved.id, "name": saved.filename}})


REQUIRED = {
    "qymc": "企业名称",
    "qylx": "企业类型",
    "zczb": "注册资本",
    "clrq": "成立日期",
    "hy": "所属行业",
    "xxdz": "详细地址",
    "djjg": "登记机关",
    "sbssq": "申报所属期",
    "jbrxm": "经办人姓名",
    "jbrzjhm": "证件号码",
    "jbrsj": "手机号码",
    "khyh": "开户银行",
}


def problems(p: dict[str, Any]) -> list[str]:
    """What the server refuses (the page's lay-verify rules catch these first)."""
    out = [f"请填写{label}" for name, label in REQUIRED.items() if not str(p.get(name) or "").strip()]
    region = p.get("zs")
    if not (isinstance(region, list) and len(region) == 3 and all(region)):
        out.append("请选择住所所在省、市、区")
    if not p.get("jyfw"):
        out.append("请选择经营范围")
    rows = _list(p, "gd")
    if not (rows and all(isinstance(r, dict) and str(r.get("mc") or "").strip() for r in rows)):
        out.append("请填写股东（出资人）信息")
    return out


@router.post("/api/apply")
async def apply(request: Request, portal: PortalDep, account: AccountDep) -> JSONResponse:
    payload = await request.json()
    if not isinstance(payload, dict):
        return JSONResponse({"code": 1, "msg": "提交的数据格式错误"})
    refused = problems(payload)
    if refused:
        return JSONResponse({"code": 1, "msg": "；".join(refused)})
    submission = portal.submit(
        request, account=account, payload=payload, receipt_prefix="QYKB", name=str(payload.get("qymc", ""))
    )
    ids = [int(v) for v in _dict(payload, "files").values() if str(v).isdigit()]
    portal.store.link_uploads(submission.id, ids)
    return JSONResponse({"code": 0, "msg": "提交成功", "data": {"receipt_no": submission.receipt_no}})


@router.get("/receipt/{receipt_no}")
def receipt(request: Request, portal: PortalDep, account: AccountDep, receipt_no: str) -> Response:
    found = portal.store.find_submission(receipt_no)
    if found is None or found.account != account:
        raise HTTPException(status_code=404, detail="未找到该办件")
    return portal.render(request, "receipt.html", {"s": found})


# -- 办件详情 ----------------------------------------------------------------------------------------------


def _list(p: dict[str, Any], name: str) -> list[Any]:
    value = p.get(name)
    return value if isinstance(value, list) else []


def _dict(p: dict[str, Any], name: str) -> dict[str, Any]:
    value = p.get(name)
    return value if isinstance(value, dict) else {}


def _text(p: dict[str, Any], name: str) -> str:
    value = p.get(name)
    return "" if value is None else str(value).strip()


def _label(codes: dict[str, str], value: Any) -> str:
    return codes.get(str(value or ""), str(value or ""))


def _labels(codes: dict[str, str], values: Any) -> list[str]:
    return [_label(codes, v) for v in values] if isinstance(values, list) else []


def _file(uploads: Sequence[Upload], upload_id: Any) -> str:
    return next((u.filename for u in uploads if str(u.id) == str(upload_id)), "")


def shown(submission: Submission, uploads: Sequence[Upload]) -> dict[str, Any]:
    """The filing as its 办件详情 shows it: section title → field label → displayed value."""
    p = submission.payload
    region = _list(p, "zs")
    regions = labels(options.REGIONS, "code")
    rng = _list(p, "yyqx")
    files = _dict(p, "files")
    return {
        "企业基本信息": {
            "企业名称": _text(p, "qymc"),
            "企业类型": _label(options.COMPANY_TYPES, p.get("qylx")),
            "注册资本（万元）": _text(p, "zczb"),
            "成立日期": _text(p, "clrq"),
            "营业期限": [str(d) for d in rng],
            "所属行业": labels(options.INDUSTRIES, "code").get(_text(p, "hy"), _text(p, "hy")),
            "住所": [regions.get(str(c), str(c)) for c in region],
            "详细地址": _text(p, "xxdz"),
            "所属园区": _text(p, "ssyq"),
        },
        "经营信息": {
            "经营范围": _labels(options.SCOPES, p.get("jyfw")),
            "经营范围补充说明": _text(p, "jyfwsm"),
            "从业人数": p.get("cyrs"),
            "登记机关": _label(options.AUTHORITIES, p.get("djjg")),
            "纳税人类型": _label(options.TAXPAYER_KINDS, p.get("nsrlx")),
            "开具发票": bool(p.get("kjfp")),
            "申报所属期": _text(p, "sbssq"),
            "会计年度": _text(p, "kjnd"),
        },
        "财务负责人": {"姓名": _text(p, "cwxm"), "手机号码": _text(p, "cwsj")},
        "经办人信息": {
            "经办人姓名": _text(p, "jbrxm"),
            "证件类型": _label(options.ID_TYPES, p.get("jbrzjlx")),
            "证件号码": _text(p, "jbrzjhm"),
            "手机号码": _text(p, "jbrsj"),
            "预约办理时间": _text(p, "yysj"),
            "每日联系时段": _text(p, "lxsd"),
        },
        "银行开户": {
            "开户银行": _label(options.BANK_BRANCHES, p.get("khyh")),
            "一并申请": _labels(options.NEEDS, p.get("ybsq")),
        },
        "许可事项": {"涉企经营许可": _labels(options.PERMITS, p.get("xkxx"))},
        "股东（出资人）信息": [
            {
                "股东名称": str(row.get("mc", "")),
                "证件类型": _label(options.ID_TYPES, row.get("zjlx")),
                "证件号码": str(row.get("zjhm", "")),
                "认缴出资额（万元）": str(row.get("cze", "")),
                "出资方式": _label(options.CONTRIBUTION_WAYS, row.get("czfs")),
            }
            for row in _list(p, "gd")
            if isinstance(row, dict)
        ],
        "申请材料": {
            "经办人身份证明": _file(uploads, files.get("zscl")),
            "法定代表人身份证明": _file(uploads, files.get("sfzm")),
        },
    }


SPEC = PortalSpec(
    item="bed-layui",
    short="bed_layui",
    title="企业开办一窗通 · 设立登记（layui 测试床）",
    router=router,
    templates_dirs=(HERE / "templates",),
    static_dir=HERE / "static",
    sms_sender="企业开办",
    seed=seed_demo_account,
    shown=shown,
)
SPECS = [SPEC]
