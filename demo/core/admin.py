"""The admin API under ``/__admin/``: how tests and the clerk's demo see behind the counter.

Every call needs the header ``X-Admin-Token`` (env ``DEMO_ADMIN_TOKEN``); without it the
answer is 401. Nothing here is reachable by the bot's normal path through the portal.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, ValidationError

from demo.core.drift import DriftIn
from demo.core.faults import FaultsPatch
from demo.core.portal import Portal


class AccountIn(BaseModel):
    account: str
    password: str
    profile: dict[str, Any] = {}


class CompanyIn(BaseModel):
    name: str
    address: str
    legal_rep: str
    uscc: str | None = None
    region: str = "110105"
    extra: dict[str, Any] = {}


def admin_router(portal: Portal) -> APIRouter:
    """The admin endpoints of one portal (closed over it)."""

    def check_token(x_admin_token: Annotated[str | None, Header()] = None) -> None:
        if not x_admin_token or not secrets.compare_digest(x_admin_token, portal.admin_token):
            raise HTTPException(status_code=401, detail="管理令牌缺失或错误（请求头 X-Admin-Token）")

    router = APIRouter(prefix="/__admin", dependencies=[Depends(check_token)])

    @router.get("/submissions")
    def submissions() -> list[dict[str, Any]]:
        """Every submission as stored, newest first, each with its uploads and ``shown``: the
        submission as the portal's 办件详情 page shows it (``spec.shown``; null if the portal has none)."""
        listed = []
        for s in portal.store.list_submissions():
            uploads = portal.store.list_uploads(s.id)
            shown = portal.spec.shown(s, uploads) if portal.spec.shown is not None else None
            listed.append({**s.to_json(), "uploads": [u.to_json() for u in uploads], "shown": shown})
        return listed

    @router.get("/uploads/{upload_id}")
    def upload(upload_id: int) -> FileResponse:
        found = portal.store.get_upload(upload_id)
        if found is None:
            raise HTTPException(status_code=404, detail="附件不存在")
        return FileResponse(found.path, media_type=found.content_type, filename=found.filename)

    @router.post("/reset")
    def reset() -> dict[str, Any]:
        portal.reset()
        return {"ok": True, "item": portal.item}

    @router.get("/drift")
    def get_drift() -> dict[str, Any]:
        return {"rules": [r.model_dump() for r in portal.drift.rules]}

    @router.post("/drift")
    def set_drift(body: DriftIn) -> dict[str, Any]:
        """The page changes the portal makes from now on (demo/core/drift.py); ``{"rules": []}`` undoes them."""
        portal.drift.set(body.rules)
        return {"rules": [r.model_dump() for r in portal.drift.rules]}

    @router.get("/captcha")
    def last_captcha(session: Annotated[str | None, Query()] = None) -> dict[str, Any]:
        """The answer of the newest captcha, or of the one issued to ``?session=<cookie value>``."""
        if session:
            issued = (portal.sessions.peek(session) or {}).get("captcha")
            if not isinstance(issued, dict):
                raise HTTPException(status_code=404, detail="该会话没有验证码")
            return {"answer": issued["answer"], "session": session, "issued_at": issued["issued_at"]}
        last = portal.store.get_setting("last_captcha")
        if not last:
            raise HTTPException(status_code=404, detail="尚未生成验证码")
        return dict(last)

    @router.get("/sms/{phone}")
    def sms(phone: str) -> list[dict[str, Any]]:
        """That phone's inbox (every portal), newest first."""
        return [m.to_json() for m in portal.sms.inbox(phone)]

    @router.get("/faults")
    def get_faults() -> dict[str, Any]:
        return portal.faults.current.to_json()

    @router.post("/faults", response_model=None)
    def set_faults(body: dict[str, Any]) -> dict[str, Any] | JSONResponse:
        try:
            patch = FaultsPatch.model_validate(body)
        except ValidationError as exc:
            problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
            return JSONResponse({"error": "故障参数有误", "details": problems}, status_code=422)
        return portal.faults.update(patch).to_json()

    @router.post("/sessions/expire")
    def expire_sessions() -> dict[str, Any]:
        """Expire every session now: the next page needing login bounces, without waiting."""
        return {"expired": portal.sessions.expire_all()}

    @router.post("/accounts")
    def create_account(body: AccountIn) -> dict[str, Any]:
        """Create (or replace) a password account on this portal."""
        portal.store.create_account(body.account, body.password, body.profile)
        return {"ok": True, "account": body.account}

    @router.get("/registry")
    def registry(uscc: Annotated[str | None, Query()] = None) -> list[dict[str, Any]]:
        companies = portal.registry.all() if uscc is None else [c for c in [portal.registry.lookup(uscc)] if c]
        return [c.to_json() for c in companies]

    @router.post("/registry")
    def publish(body: CompanyIn) -> dict[str, Any]:
        """Seed a company into the shared registry (as if samr-registration had approved it)."""
        try:
            company = portal.registry.publish(
                name=body.name,
                address=body.address,
                legal_rep=body.legal_rep,
                uscc=body.uscc,
                region=body.region,
                source=portal.item,
                extra=body.extra,
            )
        except ValueError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        return company.to_json()

    return router
