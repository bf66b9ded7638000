"""Upkeep (定期清理): what ``bot purge`` does, and what the web server does on its own every hour.

Three things go: the personal data of applications settled more than ``BOT_RETENTION_DAYS`` days ago
(bot/run/retention.py: receipts stay), drafts nobody confirmed and nobody touched for ``BOT_DRAFT_DAYS`` days
with their scans (bot/web/drafts.py), and the quota counts older than their hour (bot/web/quotas.py). Each is
idempotent, so several servers and a cron job may all run it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from loguru import logger

from bot.privacy.audit import record
from bot.privacy.masking import mask_text
from bot.run.ledger import Ledger
from bot.run.retention import Forgotten
from bot.run.retention import purge as purge_applications
from bot.web.drafts import Drafts
from bot.web.drafts import Purged as PurgedDrafts
from bot.web.quotas import Limits, Quotas

INTERVAL_S = 3600.0
ACTOR = "网页服务:定期清理"


@dataclass(frozen=True)
class Purged:
    applications: list[Forgotten]
    drafts: PurgedDrafts
    counts: int  # quota rows past their hour


def purge(ledger: Ledger, upload_root: Path, limits: Limits, now: dt.datetime | None = None) -> Purged:
    applications = purge_applications(ledger, dt.timedelta(days=limits.retention_days), now)
    drafts = Drafts(ledger, upload_root).purge_abandoned(dt.timedelta(days=limits.draft_days), now)
    counts = Quotas(ledger, limits, upload_root).prune(now)
    return Purged(applications, drafts, counts)


def audited(ledger: Ledger, actor: str, done: Purged, limits: Limits) -> None:
    """One audit row per application forgotten, one for the drafts removed."""
    for forgotten in done.applications:
        detail = f"办结超过 {limits.retention_days} 天；回答 {forgotten.answers} 条，文件 {forgotten.files} 个"
        record(ledger, actor, "purge", application_id=forgotten.application_id, detail=detail)
    if done.drafts.drafts:
        detail = f"超过 {limits.draft_days} 天未提交的草稿 {done.drafts.drafts} 份，文件 {done.drafts.files} 个"
        record(ledger, actor, "purge", detail=detail)


async def every(interval_s: float, ledger: Ledger, upload_root: Path, limits: Limits) -> None:
    """Purge now and then every ``interval_s`` seconds, until cancelled (the web server's lifespan)."""
    while True:
        try:
            done = await asyncio.to_thread(purge, ledger, upload_root, limits)
            await asyncio.to_thread(audited, ledger, ACTOR, done, limits)
        except Exception as exc:  # the ledger away for a moment: the next round tries again
            logger.warning(f"定期清理未完成：{mask_text(str(exc))}")
        else:
            if done.applications or done.drafts.drafts:
                logger.info(
                    f"定期清理：办结超过 {limits.retention_days} 天的申请 {len(done.applications)} 份，"
                    f"超过 {limits.draft_days} 天未提交的草稿 {done.drafts.drafts} 份（文件 {done.drafts.files} 个）"
                )
        await asyncio.sleep(interval_s)
