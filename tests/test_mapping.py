"""Each item's mapping, evaluated on the example application, gives exactly what its portal must receive."""

from __future__ import annotations

from typing import Any

import pytest

from bot.form.application import Application
from bot.form.preview import preview
from bot.mapping.bundle import Bundle

USCC = "91350602MA2Y1A2B3C"
OUTPUTS = {"samr-registration": {"uscc": USCC, "licence_pdf": "/var/receipts/licence.pdf", "receipt_no": "SL1"}}

LEGAL_REP_ID, LIAISON_ID, FINANCE_ID = "350602198503122010", "350602199001084020", "350681199411303017"
ADDRESS = "福建省漳州市芗城区胜利西路 28 号 1203 室"
NAME = "漳州市云帆软件科技有限公司"

EXPECTED: dict[str, dict[str, Any]] = {
    "samr-registration": {
        "名称": {
            "企业名称": NAME,
            "行政区划": "漳州市",
            "字号": "云帆",
            "行业表述": "软件科技",
            "组织形式": "有限公司",
        },
        "基本信息": {
            "企业类型": "有限责任公司（自然人投资或控股）",
            "住所": ["福建省", "漳州市", "芗城区"],
            "详细地址": "胜利西路 28 号 1203 室",
            "生产经营地同住所": True,
            "生产经营地址": "",  # asked only when it is not the registered address
            "邮政编码": "363000",
            "联系电话": "0596-2345678",
            "注册资本（万元）": "100",
            "经营期限": "长期",
            "经营范围": ["软件开发", "信息技术咨询服务", "信息系统集成服务", "计算机软硬件及辅助设备零售"],
            "从业人数": "8",
            "执照副本数": "1",
        },
        "股东（发起人）": [
            {
                "股东名称": "林志远",
                "证件类型": "居民身份证",
                "证件号码": LEGAL_REP_ID,
                "认缴出资额（万元）": "80",
                "出资方式": "货币",
                "认缴出资期限": "2031-11-20",
            },
            {
                "股东名称": "陈晓燕",
                "证件类型": "居民身份证",
                "证件号码": "35060219880726152X",
                "认缴出资额（万元）": "20",
                "出资方式": "货币",
                "认缴出资期限": "2031-11-20",
            },
        ],
        "主要人员": {
            "法定代表人": {
                "姓名": "林志远",
                "证件类型": "居民身份证",
                "证件号码": LEGAL_REP_ID,
                "移动电话": "13859612345",
                "电子邮箱": "linzhiyuan@example.com",
                "职务": "执行董事",
            },
            "监事": {"姓名": "王建国", "证件号码": "110105197904150031"},
            "经理": {"姓名": "林志远", "证件号码": LEGAL_REP_ID},
        },
        "联络员与财务负责人": {
            "联络员": {
                "姓名": "黄丽娟",
                "证件号码": LIAISON_ID,
                "移动电话": "13906961234",
                "电子邮箱": "huanglijuan@example.com",
            },
            "财务负责人": {"姓名": "郑伟", "证件号码": FINANCE_ID, "移动电话": "15880012345"},
        },
        "确认": {"执照领取方式": "电子营业执照", "收件地址": "", "承诺书": True},
    },
    "psb-seal": {
        "单位信息": {
            "单位名称": NAME,
            "统一社会信用代码": USCC,
            "单位地址": ADDRESS,
            "邮政编码": "363000",
            "单位电话": "0596-2345678",
        },
        "法定代表人": {"姓名": "林志远", "证件类型": "居民身份证", "证件号码": LEGAL_REP_ID, "联系电话": "13859612345"},
        "经办人": {"姓名": "黄丽娟", "证件号码": LIAISON_ID, "联系电话": "13906961234"},
        "刻章企业": "漳州市芗城区诚信刻章服务部",
        "印章": [
            {"印章类型": "单位专用章", "材质": "光敏", "规格（mm）": "Φ40", "数量": "1"},
            {"印章类型": "财务专用章", "材质": "光敏", "规格（mm）": "Φ38", "数量": "1"},
            {"印章类型": "发票专用章", "材质": "光敏", "规格（mm）": "40×30", "数量": "1"},
            {"印章类型": "合同专用章", "材质": "光敏", "规格（mm）": "Φ40", "数量": "1"},
            {"印章类型": "法定代表人名章", "材质": "光敏", "规格（mm）": "20×20", "数量": "1"},
        ],
        "刻制原因": "新刻",
        "附件": {
            "营业执照": "/var/receipts/licence.pdf",
            "法定代表人身份证": "examples/scans/legal-rep-id.png",
            "经办人身份证": "examples/scans/liaison-id.png",
        },
    },
    "tax-registration": {
        "登记信息确认": {
            "纳税人名称": NAME,
            "生产经营地址": ADDRESS,
            "核算方式": "独立核算",
            "从业人数": "8",
            "财务负责人": {"姓名": "郑伟", "身份证件号码": FINANCE_ID, "移动电话": "15880012345"},
            "办税人": {"姓名": "黄丽娟", "身份证件号码": LIAISON_ID, "移动电话": "13906961234"},
        },
        "财务会计制度备案": {
            "会计制度": "小企业会计准则",
            "低值易耗品摊销方法": "一次摊销法",
            "折旧方法": "年限平均法",
            "成本核算方法": "品种法",
            "会计报表报送期限": "按季",
            "有效期起": "2026-11-20",
        },
        "票种核定": {"发票种类": ["增值税电子普通发票"], "单份最高开票限额": "十万元", "每月最高领用数量": "25"},
        "领票人": {"姓名": "郑伟", "身份证件号码": FINANCE_ID, "移动电话": "15880012345"},
    },
    "hrss-insurance": {
        "单位基本信息": {
            "单位名称": NAME,
            "统一社会信用代码": USCC,
            "单位类型": "企业",
            "行业": "信息传输、软件和信息技术服务业/软件和信息技术服务业/应用软件开发",
            "工伤风险类别": "一类",
            "隶属关系": "其他",
            "所在区划": ["福建省", "漳州市", "芗城区"],
            "注册地址": ADDRESS,
            "办公地址": ADDRESS,
            "邮政编码": "363000",
            "单位电话": "0596-2345678",
        },
        "法定代表人": {"姓名": "林志远", "证件号码": LEGAL_REP_ID, "手机号码": "13859612345"},
        "社保专管员": {"姓名": "黄丽娟", "证件号码": LIAISON_ID, "手机号码": "13906961234", "所在部门": "综合部"},
        "参保险种": {
            name: {"参保": True, "参保日期": "2026-12-01"}
            for name in ("企业职工基本养老保险", "失业保险", "工伤保险", "职工基本医疗保险", "生育保险")
        },
    },
    "hpf-deposit": {
        "单位信息": {
            "单位名称": NAME,
            "统一社会信用代码": USCC,
            "单位地址": ADDRESS,
            "邮政编码": "363000",
            "单位性质": "私营企业",
            "隶属关系": "其他",
            "所属区划": ["福建省", "漳州市", "芗城区"],
        },
        "法定代表人": {"姓名": "林志远", "证件号码": LEGAL_REP_ID},
        "经办人": {
            "姓名": "黄丽娟",
            "证件号码": LIAISON_ID,
            "移动电话": "13906961234",
            "办公电话": "0596-2345678",
            "电子邮箱": "huanglijuan@example.com",
        },
        "缴存信息": {
            "发薪日": "10",
            "单位缴存比例（%）": "5",
            "个人缴存比例（%）": "5",
            "首次缴存年月": "202612",
            "缴存人数": "8",
            "受托银行": "中国建设银行",
        },
    },
    "bank-account": {
        "企业信息": {
            "企业名称": NAME,
            "统一社会信用代码": USCC,
            "注册地址": ADDRESS,
            "账户类型": "基本存款账户",
            "币种": "人民币",
        },
        "开户网点": {"城市": "漳州市", "网点": "漳州芗城支行"},
        "预约信息": {"预约日期": "2026-11-25", "预约时段": "09:00-10:00"},
        "法定代表人": {"姓名": "林志远", "证件号码": LEGAL_REP_ID, "手机号码": "13859612345"},
        "经办人": {"姓名": "黄丽娟", "证件号码": LIAISON_ID, "手机号码": "13906961234"},
        "受益所有人": [{"姓名": "林志远", "证件号码": LEGAL_REP_ID, "持股比例": "80.00"}],
    },
}


def _relative_uploads(values: dict[str, Any]) -> dict[str, Any]:
    from bot.paths import PROJECT_ROOT

    attachments = values.get("附件", {})
    for key, path in attachments.items():
        attachments[key] = path.replace(f"{PROJECT_ROOT}/", "")
    return values


@pytest.mark.parametrize("item", list(EXPECTED))
def test_mapping_gives_the_portal_exactly_these_values(bundle: Bundle, example_app: Application, item: str) -> None:
    values = bundle.mappings[item].evaluate(example_app, OUTPUTS)
    assert _relative_uploads(values) == EXPECTED[item]


def test_preview_shows_placeholders_for_outputs_not_yet_known(bundle: Bundle, example_app: Application) -> None:
    values = preview(bundle, example_app, ["psb-seal"])
    assert list(values) == ["psb-seal"]
    assert (
        values["psb-seal"]["单位信息"]["统一社会信用代码"]
        == "〈待取得：企业设立登记（有限责任公司）·统一社会信用代码〉"
    )


def test_a_missing_output_at_run_time_names_the_field(bundle: Bundle, example_app: Application) -> None:
    from bot.errors import MappingFailed

    with pytest.raises(MappingFailed, match=r"psb-seal\.yaml:\d+:\d+: “单位信息 / 统一社会信用代码”无法计算"):
        bundle.mappings["psb-seal"].evaluate(example_app, {})


def test_outputs_are_declared_by_the_items_that_bring_them_back(bundle: Bundle) -> None:
    assert bundle.mappings["samr-registration"].outputs["uscc"] == "统一社会信用代码"
    assert bundle.layers() == [
        ["samr-registration"],
        ["psb-seal", "tax-registration", "hrss-insurance", "hpf-deposit", "bank-account"],
    ]
