"""bot demo's check compares each mapped value with what the portal itself shows, field by field."""

from __future__ import annotations

from bot.run.demo_admin import leaves, shown

MAPPED = {
    "登记信息确认": {"财务负责人": {"姓名": "张三"}},
    "印章": [{"印章类型": "单位专用章"}, {"印章类型": "财务专用章"}],
    "附件": {"营业执照": "/var/evidence/run/samr-registration/licence_pdf.pdf"},
}


def _same(mapped: dict[str, object], on_page: dict[str, object]) -> bool:
    portal = leaves(on_page)
    return all(where in portal and shown(value) == shown(portal[where]) for where, value in leaves(mapped).items())


def test_a_field_is_named_by_its_own_group_and_label_whatever_the_nesting() -> None:
    on_page = {
        "财务负责人": {"姓名": "张三"},
        "印章": [{"印章类型": "单位专用章"}, {"印章类型": "财务专用章"}],
        "附件": {"营业执照": "licence_pdf.pdf"},
    }
    assert _same(MAPPED, on_page)


def test_a_different_value_in_any_row_is_a_mismatch() -> None:
    on_page = {
        "财务负责人": {"姓名": "张三"},
        "印章": [{"印章类型": "单位专用章"}, {"印章类型": "法人名章"}],
        "附件": {"营业执照": "licence_pdf.pdf"},
    }
    assert not _same(MAPPED, on_page)


def test_a_field_the_portal_does_not_show_is_a_mismatch() -> None:
    assert not _same(MAPPED, {"财务负责人": {"姓名": "张三"}})
