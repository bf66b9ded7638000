"""The receipt sheet's 办理后续: what the applicant does after the run, read as someone who takes the sheet home.

For each item done: the bank appointment (number, day, time, branch, its address, what to bring), where to
collect the seals (the seal maker chosen on the form, the 备案编号, what to bring), how to get the electronic
business licence; and always the service centre's contact. The centre's details are ``config/centre.yaml``
(or the file ``BOT_CENTRE`` names).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.form.application import Application
from bot.mapping.bundle import Bundle
from bot.paths import project_dir
from bot.run.progress import RunView
from bot.run.states import State

WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class NextStep:
    title: str
    lines: list[str]


def centre_file() -> Path:
    return Path(os.environ.get("BOT_CENTRE", project_dir("config") / "centre.yaml"))


def centre() -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(centre_file().read_text(encoding="utf-8"))
    except OSError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def next_steps(current: RunView, bundle: Bundle, application: Application | None) -> list[NextStep]:
    done = {f.item: f.outputs for f in current.filings if f.state == State.DONE}
    info = centre()
    values = application.values if application is not None else {}
    steps: list[NextStep] = []
    if "bank-account" in done and "bank" in values:
        steps.append(_bank(bundle, values["bank"], done["bank-account"], info))
    if "psb-seal" in done and "seal" in values:
        steps.append(_seals(values, done["psb-seal"], info))
    if "samr-registration" in done:
        steps.append(_licence(done["samr-registration"], info))
    contact = [info.get("name"), info.get("address") and f"地址：{info['address']}"]
    contact += [info.get("phone") and f"电话：{info['phone']}", info.get("hours") and f"办公时间：{info['hours']}"]
    if any(contact):
        steps.append(NextStep("有疑问请联系", [line for line in contact if line]))
    return steps


def _bank(bundle: Bundle, bank: dict[str, Any], outputs: dict[str, str], info: dict[str, Any]) -> NextStep:
    mapping = bundle.mappings["bank-account"]
    name = mapping.portal.split(" · ")[0]
    when: dt.date = bank["appointment_date"]
    slot_spec = bundle.form.sections["bank"].fields["appointment_slot"]
    slot = (
        slot_spec.options[bank["appointment_slot"]].label if bank.get("appointment_slot") in slot_spec.options else ""
    )
    lines = [
        f"预约编号：{outputs.get('appointment_no', '—')}",
        f"时间：{when.year}年{when.month}月{when.day}日（星期{WEEKDAYS[when.weekday()]}）{slot}",
        f"网点：{name}{bank['branch']}",
        f"地址：{outputs.get('branch_address') or '见银行发送的预约短信'}",
    ]
    if info.get("bank_bring"):
        lines.append("请带：" + "、".join(info["bank_bring"]))
    return NextStep("到银行开立基本存款账户", lines)


def _seals(values: dict[str, Any], outputs: dict[str, str], info: dict[str, Any]) -> NextStep:
    seals = values.get("seals") or []
    kinds = "、".join(str(s.get("kind")) for s in seals if isinstance(s, dict) and s.get("kind"))
    lines = [f"备案编号：{outputs.get('filing_no', '—')}", f"刻章企业：{values['seal'].get('shop', '—')}"]
    if kinds:
        lines.append(f"印章：{kinds}（共 {len(seals)} 枚），刻好后刻章企业会电话通知")
    if info.get("seal_bring"):
        lines.append("领取时请带：" + "、".join(info["seal_bring"]))
    return NextStep("领取印章", lines)


def _licence(outputs: dict[str, str], info: dict[str, Any]) -> NextStep:
    lines = [f"统一社会信用代码：{outputs.get('uscc', '—')}"]
    if outputs.get("licence_pdf"):
        lines.append("营业执照电子文件已取得，窗口可打印；纸质执照可在服务中心领取")
    if info.get("e_licence"):
        lines.append(str(info["e_licence"]))
    return NextStep("电子营业执照", lines)
