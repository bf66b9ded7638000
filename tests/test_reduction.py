"""The single form of open-company covers every portal field of portal-forms.md and asks far fewer."""

from __future__ import annotations

import pytest

from bot.form.reduction import reduce
from bot.mapping.bundle import Bundle

# Every field of the six portal forms in shared/portal-forms.md, as "group/label" suffixes.
PERSON3 = ["姓名", "证件号码"]
INVENTORY: dict[str, list[str]] = {
    "samr-registration": [
        "企业名称",
        "名称/行政区划",
        "字号",
        "行业表述",
        "组织形式",
        "企业类型",
        "住所",
        "详细地址",
        "生产经营地同住所",
        "基本信息/生产经营地址",
        "基本信息/邮政编码",
        "基本信息/联系电话",
        "注册资本（万元）",
        "经营期限",
        "经营范围",
        "从业人数",
        "执照副本数",
        "股东名称",
        "股东（发起人）/证件类型",
        "股东（发起人）/证件号码",
        "认缴出资额（万元）",
        "出资方式",
        "认缴出资期限",
        "法定代表人/姓名",
        "法定代表人/证件类型",
        "法定代表人/证件号码",
        "法定代表人/移动电话",
        "法定代表人/电子邮箱",
        "职务",
        "监事/姓名",
        "监事/证件号码",
        "经理/姓名",
        "经理/证件号码",
        "联络员/姓名",
        "联络员/证件号码",
        "联络员/移动电话",
        "联络员/电子邮箱",
        "财务负责人/姓名",
        "财务负责人/证件号码",
        "财务负责人/移动电话",
        "执照领取方式",
        "收件地址",
        "承诺书",
    ],
    "psb-seal": [
        "单位名称",
        "统一社会信用代码",
        "单位地址",
        "邮政编码",
        "单位电话",
        "法定代表人/姓名",
        "法定代表人/证件类型",
        "法定代表人/证件号码",
        "法定代表人/联系电话",
        "经办人/姓名",
        "经办人/证件号码",
        "经办人/联系电话",
        "刻章企业",
        "印章类型",
        "材质",
        "规格（mm）",
        "数量",
        "刻制原因",
        "附件/营业执照",
        "法定代表人身份证",
        "经办人身份证",
    ],
    "tax-registration": [
        "纳税人名称",
        "生产经营地址",
        "核算方式",
        "从业人数",
        *(f"财务负责人/{f}" for f in ["姓名", "身份证件号码", "移动电话"]),
        *(f"办税人/{f}" for f in ["姓名", "身份证件号码", "移动电话"]),
        "会计制度",
        "低值易耗品摊销方法",
        "折旧方法",
        "成本核算方法",
        "会计报表报送期限",
        "有效期起",
        "发票种类",
        "单份最高开票限额",
        "每月最高领用数量",
        *(f"领票人/{f}" for f in ["姓名", "身份证件号码", "移动电话"]),
    ],
    "hrss-insurance": [
        "单位名称",
        "统一社会信用代码",
        "单位类型",
        "行业",
        "工伤风险类别",
        "隶属关系",
        "所在区划",
        "注册地址",
        "办公地址",
        "邮政编码",
        "单位电话",
        *(f"法定代表人/{f}" for f in ["姓名", "证件号码", "手机号码"]),
        *(f"社保专管员/{f}" for f in ["姓名", "证件号码", "手机号码", "所在部门"]),
        *(
            f"{kind}/{f}"
            for kind in ["企业职工基本养老保险", "失业保险", "工伤保险", "职工基本医疗保险", "生育保险"]
            for f in ["参保", "参保日期"]
        ),
    ],
    "hpf-deposit": [
        "单位名称",
        "统一社会信用代码",
        "单位地址",
        "邮政编码",
        "单位性质",
        "隶属关系",
        "所属区划",
        *(f"法定代表人/{f}" for f in PERSON3),
        *(f"经办人/{f}" for f in ["姓名", "证件号码", "移动电话", "办公电话", "电子邮箱"]),
        "发薪日",
        "单位缴存比例（%）",
        "个人缴存比例（%）",
        "首次缴存年月",
        "缴存人数",
        "受托银行",
    ],
    "bank-account": [
        "企业名称",
        "统一社会信用代码",
        "注册地址",
        "账户类型",
        "币种",
        "开户网点/城市",
        "开户网点/网点",
        "预约日期",
        "预约时段",
        *(f"法定代表人/{f}" for f in ["姓名", "证件号码", "手机号码"]),
        *(f"经办人/{f}" for f in ["姓名", "证件号码", "手机号码"]),
        *(f"受益所有人/{f}" for f in ["姓名", "证件号码", "持股比例"]),
    ],
}


@pytest.mark.parametrize("item", list(INVENTORY))
def test_every_portal_field_is_mapped_once(bundle: Bundle, item: str) -> None:
    mapped = ["/".join(leaf.path) for leaf in bundle.mappings[item].site_fields()]
    for wanted in INVENTORY[item]:
        matches = [m for m in mapped if m == wanted or m.endswith("/" + wanted)]
        assert len(matches) == 1, f"{item}: {wanted} matched {matches}"
    assert len(mapped) == len(INVENTORY[item]), "a mapped field is not in the portal's inventory"


def test_the_applicant_answers_at_most_30_percent_of_the_portal_fields(bundle: Bundle) -> None:
    summary = reduce(bundle).summary()
    assert summary["site_fields"] == sum(len(fields) for fields in INVENTORY.values()) == 152
    assert summary["asked_fields"] <= 0.30 * summary["site_fields"]
    assert summary["form_fields"] == (summary["asked_fields"] + summary["defaulted_fields"] + summary["derived_fields"])
    assert summary["output_fields"] == 2  # the USCC and the licence from registration
    assert summary["constant_fields"] == 2  # 承诺书 ticked, 刻制原因 新刻


def test_each_field_knows_the_items_that_use_it(bundle: Bundle) -> None:
    fields = {f.spec.path: f for f in reduce(bundle).fields}
    assert fields["company.trade_name"].items == bundle.items  # through the derived company name
    assert fields["housing_fund.payday"].items == ["hpf-deposit"]
    assert fields["shareholders.amount"].items == ["samr-registration", "bank-account"]  # via beneficial owners
    assert fields["beneficial_owners.share_percent"].kind == "derived"
    assert fields["agent.name"].kind == "defaulted"
    assert "legal_rep.sex" not in fields  # derived, but no portal of this bundle asks for it
