"""An inspection for a person: fields by section, in Chinese, each with its widget, marker, options and locator."""

from __future__ import annotations

from bot.inspect.model import HOW, Field, Inspection

MAX_OPTIONS = 8


def lines(inspection: Inspection) -> list[str]:
    """The listing as text lines (no markup)."""
    kits = "、".join(inspection.kits) or "无（原生或 ARIA 控件）"
    out = [f"页面：{inspection.title or '（无标题）'}  {inspection.url}"]
    if inspection.page:
        out.append(f"配方位置：{inspection.page}")
    out.append(f"组件库：{kits}；字段 {len(inspection.fields)} 个，表格 {len(inspection.tables)} 个")
    section: str | None = None
    for field in inspection.fields:
        if field.group != section:
            section = field.group
            out.append(f"分组「{section}」" if section else "（不在任何分组中）")
        out.append("  " + describe(field))
    for table in inspection.tables:
        columns = "、".join(f"{c.header}（{c.kind or '?'}）" for c in table.columns if c.header)
        out.append(f"表格「{table.name or '?'}」（{table.kit}，现有 {table.rows} 行）：列 {columns}")
        out.append(f"      fill_form {table.name} → 按列标题逐格填写，行数不足时点“添加/新增”")
    unclassified = inspection.unclassified
    if unclassified:
        out.append(f"未能归类或 fill_form 找不到的 {len(unclassified)} 项：")
        out += [f"  {f.number}. {f.label or '（无标签）'}：{f.problem}" for f in unclassified]
    if inspection.screenshot:
        out.append(f"截图（字段已编号）：{inspection.screenshot}")
    return out


def describe(field: Field) -> str:
    marker = " *" if field.required else ""
    widget = f"{field.kit} {field.title}" if field.kit else f"{field.title or '未知控件'}（原生/ARIA）"
    text = f"{field.number:>3}. {field.label or '（无标签）'}{marker}  [{widget}，{field.kind or '?'}]"
    if not field.shown:
        text += "（当前不可见）"
    if field.options:
        some = "、".join(field.options[:MAX_OPTIONS])
        more = f" 等 {len(field.options)} 项" if len(field.options) > MAX_OPTIONS else ""
        text += f"\n        选项：{some}{more}"
    found = {True: "", False: "  ✗ " + field.problem, None: ""}[field.found]
    text += f"\n        {field.locator()}（{HOW.get(field.how, field.how)}）{found}"
    return text
