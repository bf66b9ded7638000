"""``shown``: each stored submission as its portal's 办件详情 page shows it (admin API).

For each of the six portals, one realistic filing is posted with httpx (as the portal's
own tests do), then its ``shown`` view is compared whole with what the page would show;
and the view's keys (group/label, tables as group/column) are compared with the field
paths of the bot's mapping for that item, which was written from the same page.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from bot.form.spec import load_form
from bot.mapping.item import SiteTable, load_mappings
from demo.launcher import PortalsProcess
from demo.testing import AdminClient

Admins = dict[str, AdminClient]
Path_ = tuple[str, ...]
MAPPINGS = Path(__file__).resolve().parents[2] / "mappings"
ITEMS = ("samr-registration", "psb-seal", "tax-registration", "hrss-insurance", "hpf-deposit", "bank-account")

# Where the page and the mapping disagree, ``shown`` follows the page. Each difference is
# listed here with its reason; the key test checks that nothing else differs.
PAGE_ONLY: dict[str, dict[Path_, str]] = {
    "samr-registration": {
        ("基本信息", "生产经营地址"): "an input of step 2 (posted empty while 生产经营地同住所 is ticked, required "
        "when it is not); the mapping only ticks or unticks the box and never fills the address",
    },
}
MAPPING_ONLY: dict[str, dict[Path_, str]] = {}  # mapping leaves the portal does not store: none
REGROUPED: dict[str, dict[Path_, Path_]] = {
    # The mapping nests these two sections under the step's first section (登记信息确认); on the
    # page (and its 确认提交 summary) they are sections of their own, like 领票人 on step 3.
    "tax-registration": {("登记信息确认", "财务负责人"): ("财务负责人",), ("登记信息确认", "办税人"): ("办税人",)},
}


def rid(area: str, birth: str, seq: str) -> str:
    """A resident ID number with its GB 11643 check character."""
    body = area + birth + seq
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def client(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, trust_env=False, timeout=10.0)


def only_submission(admin: AdminClient) -> dict[str, Any]:
    [stored] = admin.submissions()
    return stored


@pytest.fixture(scope="module")
def fresh(admin: Admins) -> Iterator[Admins]:
    """The six portals wiped before this module's filings and after its last test."""
    for one in admin.values():
        one.reset()
    yield admin
    for one in admin.values():
        one.reset()


# -- samr-registration -------------------------------------------------------------------

LEGAL_REP, PARTNER = rid("350602", "19850312", "123"), rid("350102", "19900708", "234")
SUPERVISOR, MANAGER = rid("110105", "19920101", "345"), rid("350603", "19870521", "456")
LIAISON, FINANCE = rid("350602", "19950218", "567"), rid("350603", "19930909", "678")
DUE = (date.today() + timedelta(days=3 * 365)).isoformat()


def investor(index: int, name: str, id_number: str, amount: str, method: str) -> dict[str, str]:
    """One 股东 row as posted: resident ID, due date DUE."""
    values = {"invName": name, "invCerType": "10", "invCerNo": id_number, "subConAm": amount, "conForm": method}
    return {f"investors[{index}].{k}": v for k, v in {**values, "subConDate": DUE}.items()}


SAMR_STEPS: list[dict[str, Any]] = [
    {
        "nameDistrict": "漳州市",
        "entTra": "云帆",
        "tradeTerm": "软件科技",
        "orgForm": "有限公司",
        "entName": "漳州市云帆软件科技有限公司",
    },
    {
        "entType": "1130",
        "domAreaCode": "350602",
        "domDetail": "胜利西路1号创业大厦8层801室",
        "proLocSame": "1",
        "proLoc": "",
        "postalCode": "363000",
        "tel": "0596-2345678",
        "regCap": "100",
        "opTermType": "2",
        "opTermYears": "20",
        "busScope": ["软件开发", "信息技术咨询服务"],
        "empNum": "8",
        "copyNum": "1",
    },
    # Row 1 was added and removed in the browser: the table posts the rows left, by index.
    {**investor(0, "张伟", LEGAL_REP, "60", "1"), **investor(2, "李娜", PARTNER, "40", "3")},
    {
        "lerepName": "张伟",
        "lerepCerType": "10",
        "lerepCerNo": LEGAL_REP,
        "lerepMobile": "13805961234",
        "lerepEmail": "zhangwei@example.com",
        "lerepPosition": "04",
        "supName": "王芳",
        "supCerNo": SUPERVISOR,
        "mgrName": "赵强",
        "mgrCerNo": MANAGER,
    },
    {
        "liaName": "陈静",
        "liaCerNo": LIAISON,
        "liaMobile": "13905962345",
        "liaEmail": "chenjing@example.com",
        "fiName": "刘洋",
        "fiCerNo": FINANCE,
        "fiMobile": "13705963456",
    },
    {"licenceWay": "2", "mailAddr": "福建省漳州市芗城区胜利西路1号 陈静 13905962345", "promise": "1"},
]


@pytest.fixture(scope="module")
def samr_filed(portals: PortalsProcess, fresh: Admins) -> dict[str, Any]:
    samr = fresh["samr-registration"]
    account, password = "u" + secrets.token_hex(4), secrets.token_urlsafe(12)
    samr.create_account(account, password)
    with client(portals.urls["samr-registration"]) as http:
        http.get("/login/captcha")
        answer = samr.captcha(session=http.cookies.get("SID_SAMR"))
        http.post("/login", data={"loginName": account, "loginPwd": password, "verifyCode": answer})
        for n, form in enumerate(SAMR_STEPS, start=1):
            posted = http.post("/apply/submit" if n == 6 else f"/apply/step/{n}", data=form)
            assert posted.status_code == 303, f"第{n}步未通过"
    return only_submission(samr)


def test_samr_shows_labels_for_codes_and_one_term(samr_filed: dict[str, Any]) -> None:
    person = {"证件类型": "居民身份证", "认缴出资期限": DUE}
    assert samr_filed["shown"] == {
        "名称": {
            "行政区划": "漳州市",
            "字号": "云帆",
            "行业表述": "软件科技",
            "组织形式": "有限公司",
            "企业名称": "漳州市云帆软件科技有限公司",
        },
        "基本信息": {
            "企业类型": "有限责任公司（自然人投资或控股）",
            "住所": ["福建省", "漳州市", "芗城区"],
            "详细地址": "胜利西路1号创业大厦8层801室",
            "生产经营地同住所": True,
            "生产经营地址": "",
            "邮政编码": "363000",
            "联系电话": "0596-2345678",
            "注册资本（万元）": "100",
            "经营期限": "20年",
            "经营范围": ["软件开发", "信息技术咨询服务"],
            "从业人数": "8",
            "执照副本数": "1",
        },
        "股东（发起人）": [
            {"股东名称": "张伟", "证件号码": LEGAL_REP, "认缴出资额（万元）": "60", "出资方式": "货币", **person},
            {"股东名称": "李娜", "证件号码": PARTNER, "认缴出资额（万元）": "40", "出资方式": "知识产权", **person},
        ],
        "主要人员": {
            "法定代表人": {
                "姓名": "张伟",
                "证件类型": "居民身份证",
                "证件号码": LEGAL_REP,
                "移动电话": "13805961234",
                "电子邮箱": "zhangwei@example.com",
                "职务": "执行董事兼经理",
            },
            "监事": {"姓名": "王芳", "证件号码": SUPERVISOR},
            "经理": {"姓名": "赵强", "证件号码": MANAGER},
        },
        "联络员与财务负责人": {
            "联络员": {
                "姓名": "陈静",
                "证件号码": LIAISON,
                "移动电话": "13905962345",
                "电子邮箱": "chenjing@example.com",
            },
            "财务负责人": {"姓名": "刘洋", "证件号码": FINANCE, "移动电话": "13705963456"},
        },
        "确认": {
            "执照领取方式": "邮寄纸质执照",
            "收件地址": "福建省漳州市芗城区胜利西路1号 陈静 13905962345",
            "承诺书": True,
        },
    }


# -- psb-seal ----------------------------------------------------------------------------

PSB_PHONE = "13906961234"
PSB_ADDRESS = "福建省漳州市芗城区胜利西路 28 号 1203 室"
FILES = {
    "yyzzfj": ("营业执照.pdf", b"%PDF-1.4\n% licence\n%%EOF\n"),
    "fddbrsfzfj": ("林志远身份证.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    "jbrsfzfj": ("黄丽娟身份证.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
}


@pytest.fixture(scope="module")
def psb_filed(portals: PortalsProcess, fresh: Admins) -> dict[str, Any]:
    psb = fresh["psb-seal"]
    company = psb.publish_company("漳州市云帆软件科技有限公司", PSB_ADDRESS, "林志远", region="350602")
    with client(portals.urls["psb-seal"]) as http:
        http.post("/login/sendSms", data={"sjhm": PSB_PHONE})
        http.post("/login", data={"sjhm": PSB_PHONE, "dxyzm": psb.sms_code(PSB_PHONE)})
        ids = {
            field: str(http.post("/yzba/upload", data={"lx": field}, files={"file": file}).json()["data"]["id"])
            for field, file in FILES.items()
        }
        form = {
            "dwmc": company["name"],
            "tyshxydm": company["uscc"],
            "dwdz": PSB_ADDRESS,
            "yzbm": "363000",
            "dwdh": "0596-2345678",
            "fddbrxm": "林志远",
            "fddbrzjlx": "111",
            "fddbrzjhm": "350602198503122010",
            "fddbrlxdh": "13859612345",
            "jbrxm": "黄丽娟",
            "jbrzjhm": "350602199001084020",
            "jbrlxdh": PSB_PHONE,
            "kzqymc": "漳州市芗城区诚信刻章服务部",
            "kzqybh": "KZ350602001",
            "yzlx": ["01", "02", "05"],
            "yzcz": ["2", "1", "4"],
            "yzgg": ["Φ40", "Φ38", "20×20"],
            "yzsl": ["1", "1", "2"],
            "kzyy": "1",
            **ids,
        }
        assert http.post("/yzba/form", data=form).status_code == 303
    return only_submission(psb)


def test_psb_shows_seal_kinds_materials_and_file_names(psb_filed: dict[str, Any]) -> None:
    assert psb_filed["shown"] == {
        "单位信息": {
            "单位名称": "漳州市云帆软件科技有限公司",
            "统一社会信用代码": psb_filed["uscc"],
            "单位地址": PSB_ADDRESS,
            "邮政编码": "363000",
            "单位电话": "0596-2345678",
        },
        "法定代表人": {
            "姓名": "林志远",
            "证件类型": "居民身份证",
            "证件号码": "350602198503122010",
            "联系电话": "13859612345",
        },
        "经办人": {"姓名": "黄丽娟", "证件号码": "350602199001084020", "联系电话": PSB_PHONE},
        "刻章企业": "漳州市芗城区诚信刻章服务部",
        "印章": [
            {"印章类型": "单位专用章", "材质": "光敏", "规格（mm）": "Φ40", "数量": "1"},
            {"印章类型": "财务专用章", "材质": "铜", "规格（mm）": "Φ38", "数量": "1"},
            {"印章类型": "法定代表人名章", "材质": "橡胶", "规格（mm）": "20×20", "数量": "2"},
        ],
        "刻制原因": "新刻",
        "附件": {
            "营业执照": "营业执照.pdf",
            "法定代表人身份证": "林志远身份证.png",
            "经办人身份证": "黄丽娟身份证.jpg",
        },
    }


# -- tax-registration --------------------------------------------------------------------

TAX_AGENT, TAX_FINANCE, TAX_TAKER = "350602199007183046", "350602198503121528", "35062319920214401X"


@pytest.fixture(scope="module")
def tax_filed(portals: PortalsProcess, fresh: Admins) -> dict[str, Any]:
    tax = fresh["tax-registration"]
    address = "福建省漳州市芗城区胜利西路28号"
    company = tax.publish_company("漳州市云帆软件科技有限公司", address, "林志远", region="350602")
    password = secrets.token_urlsafe(12)
    tax.create_account(company["uscc"], password, id_number=TAX_AGENT)
    steps = {
        "djxx": {
            "nsrmc": company["name"],
            "scjydz": address + "创业大厦5楼",
            "hsfs": "1",
            "cyrs": "8",
            **{"cwfzr_xm": "郑伟", "cwfzr_sfzjhm": TAX_FINANCE, "cwfzr_yddh": "15880012345"},
            **{"bsr_xm": "黄丽娟", "bsr_sfzjhm": TAX_AGENT, "bsr_yddh": "13906961234"},
        },
        "cwkj": {"kjzd": "102", "dzyhptxff": "2", "zjff": "1", "cbhsff": "3", "kjbbbsqx": "2", "yxqq": "2026-12-01"},
        "pzhd": {
            "fpzl": ["026", "028"],
            "dfzgkpxe": "10000",
            "myzglysl": "25",
            **{"lpr_xm": "郑伟", "lpr_sfzjhm": TAX_TAKER, "lpr_yddh": "15880012345"},
        },
    }
    with client(portals.urls["tax-registration"]) as http:
        http.post("/login", data={"nsrsbh": company["uscc"], "bsrsfzh": TAX_AGENT, "mm": password})
        for step, form in steps.items():
            assert http.post(f"/xbnsr/{step}", data=form).status_code == 303, step
        assert http.post("/xbnsr/submit").status_code == 303
    return only_submission(tax)


def test_tax_shows_option_labels_by_section(tax_filed: dict[str, Any]) -> None:
    assert tax_filed["shown"] == {
        "登记信息确认": {
            "纳税人名称": "漳州市云帆软件科技有限公司",
            "生产经营地址": "福建省漳州市芗城区胜利西路28号创业大厦5楼",
            "核算方式": "独立核算",
            "从业人数": "8",
        },
        "财务负责人": {"姓名": "郑伟", "身份证件号码": TAX_FINANCE, "移动电话": "15880012345"},
        "办税人": {"姓名": "黄丽娟", "身份证件号码": TAX_AGENT, "移动电话": "13906961234"},
        "财务会计制度备案": {
            "会计制度": "小企业会计准则",
            "低值易耗品摊销方法": "五五摊销法",
            "折旧方法": "年限平均法",
            "成本核算方法": "分步法",
            "会计报表报送期限": "按季",
            "有效期起": "2026-12-01",
        },
        "票种核定": {
            "发票种类": ["增值税电子普通发票", "增值税电子专用发票"],
            "单份最高开票限额": "一万元",
            "每月最高领用数量": "25",
        },
        "领票人": {"姓名": "郑伟", "身份证件号码": TAX_TAKER, "移动电话": "15880012345"},
    }


# -- hrss-insurance ----------------------------------------------------------------------

HRSS_REP, HRSS_OFFICER = "350602198503121528", "350602199007183046"


@pytest.fixture(scope="module")
def hrss_filed(portals: PortalsProcess, fresh: Admins) -> dict[str, Any]:
    hrss = fresh["hrss-insurance"]
    address = "福建省漳州市芗城区胜利西路28号"
    company = hrss.publish_company("漳州市云帆软件科技有限公司", address, "林志远", region="350602")
    password = secrets.token_urlsafe(12)
    hrss.create_account(company["uscc"], password)
    ticked = ["110", "410", "310", "510"]  # 失业保险 (210) left unticked: its date is disabled, not posted
    form = {
        "aab004": company["name"],
        "aab998": company["uscc"],
        "aab019": "10",
        "aab022": "6513",
        "aab155": "一类",
        "aab021": "50",
        "aab301": "350602",
        "aae006": address,
        "bae006": address + "创业大厦5楼",
        "aae007": "363000",
        "aae005": "0596-2345678",
        "aab013": "林志远",
        "aab014": HRSS_REP,
        "aab015": "13859612345",
        "aae004": "黄丽娟",
        "bae004": HRSS_OFFICER,
        "aae139": "13906961234",
        "bae010": "综合部",
        "aae140": ticked,
        **{f"aae030_{code}": "2026-12-01" for code in ticked},
    }
    with client(portals.urls["hrss-insurance"]) as http:
        http.get("/common/captcha")
        answer = hrss.captcha(session=http.cookies.get("SID_HRSS"))
        http.post("/login", data={"creditCode": company["uscc"], "loginPwd": password, "verifyCode": answer})
        assert http.post("/dwcb/save", data=form).status_code == 303
    return only_submission(hrss)


def test_hrss_shows_industry_path_region_and_each_insurance(hrss_filed: dict[str, Any]) -> None:
    on = {"参保": True, "参保日期": "2026-12-01"}
    assert hrss_filed["shown"] == {
        "单位基本信息": {
            "单位名称": "漳州市云帆软件科技有限公司",
            "统一社会信用代码": hrss_filed["uscc"],
            "单位类型": "企业",
            "行业": "信息传输、软件和信息技术服务业/软件和信息技术服务业/应用软件开发",
            "工伤风险类别": "一类",
            "隶属关系": "区县",
            "所在区划": ["福建省", "漳州市", "芗城区"],
            "注册地址": "福建省漳州市芗城区胜利西路28号",
            "办公地址": "福建省漳州市芗城区胜利西路28号创业大厦5楼",
            "邮政编码": "363000",
            "单位电话": "0596-2345678",
        },
        "法定代表人": {"姓名": "林志远", "证件号码": HRSS_REP, "手机号码": "13859612345"},
        "社保专管员": {"姓名": "黄丽娟", "证件号码": HRSS_OFFICER, "手机号码": "13906961234", "所在部门": "综合部"},
        "参保险种": {
            "企业职工基本养老保险": on,
            "失业保险": {"参保": False, "参保日期": ""},
            "工伤保险": on,
            "职工基本医疗保险": on,
            "生育保险": on,
        },
    }


# -- hpf-deposit -------------------------------------------------------------------------

HPF_PHONE = "13906961234"
FIRST_MONTH = f"{date.today().year + date.today().month // 12}{date.today().month % 12 + 1:02d}"
GBK_FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def hpf_filed(portals: PortalsProcess, fresh: Admins) -> dict[str, Any]:
    hpf = fresh["hpf-deposit"]
    company = hpf.publish_company(
        "漳州市云帆软件科技有限公司", "福建省漳州市芗城区胜利西路28号", "林志远", region="350602"
    )

    def post(http: httpx.Client, url: str, data: dict[str, str]) -> httpx.Response:
        return http.post(url, content=urlencode(data, encoding="gbk"), headers=GBK_FORM)

    with client(portals.urls["hpf-deposit"]) as http:
        post(http, "/login.do", {"sjhm": HPF_PHONE, "dxyzm": "", "czlx": "fsdx"})
        post(http, "/login.do", {"sjhm": HPF_PHONE, "dxyzm": hpf.sms_code(HPF_PHONE), "czlx": "dl"})
        http.get("/yzm.do")
        form = {
            "czlx": "tj",
            "dwmc": company["name"],
            "tyshxydm": company["uscc"],
            "yzbm": "363000",
            "dwdz": "福建省漳州市芗城区胜利西路28号",
            "dwxz": "40",
            "lsgx": "50",
            "sheng": "350000",
            "shi": "350600",
            "qx": "350602",
            "frxm": "林志远",
            "frzjhm": "350602198503122010",
            "jbrxm": "黄丽娟",
            "jbrzjhm": "350602199001084020",
            "jbrsj": HPF_PHONE,
            "jbrbgdh": "0596-2345678",
            "jbryx": "huanglijuan@example.com",
            "fxr": "10",
            "scjcny": FIRST_MONTH,
            "dwjcbl": "12",
            "grjcbl": "8",
            "jcrs": "8",
            "styh": "04",
            "yzm": hpf.captcha(session=http.cookies.get("SID_HPF")),
        }
        assert post(http, "/dwjc/djsq.do", form).status_code == 303
    return only_submission(hpf)


def test_hpf_shows_select_labels_and_region_picks(hpf_filed: dict[str, Any]) -> None:
    assert hpf_filed["shown"] == {
        "单位信息": {
            "单位名称": "漳州市云帆软件科技有限公司",
            "统一社会信用代码": hpf_filed["uscc"],
            "邮政编码": "363000",
            "单位地址": "福建省漳州市芗城区胜利西路28号",
            "单位性质": "私营企业",
            "隶属关系": "区县",
            "所属区划": ["福建省", "漳州市", "芗城区"],
        },
        "法定代表人": {"姓名": "林志远", "证件号码": "350602198503122010"},
        "经办人": {
            "姓名": "黄丽娟",
            "证件号码": "350602199001084020",
            "移动电话": HPF_PHONE,
            "办公电话": "0596-2345678",
            "电子邮箱": "huanglijuan@example.com",
        },
        "缴存信息": {
            "发薪日": "10",
            "首次缴存年月": FIRST_MONTH,
            "单位缴存比例（%）": "12",
            "个人缴存比例（%）": "8",
            "缴存人数": "8",
            "受托银行": "中国建设银行",
        },
    }


# -- bank-account ------------------------------------------------------------------------

BANK_REP = {"name": "陈志强", "id": rid("350602", "19800312", "451"), "mobile": "13905961234"}
BANK_AGENT = {"name": "林晓燕", "id": rid("350602", "19920708", "262"), "mobile": "13805967788"}
BANK_PARTNER = rid("350628", "19851120", "132")
LONGWEN = "350600102"


def bookable_day(http: httpx.Client) -> str:
    """The first open day of 漳州龙文支行, this month or next, as its calendar reports."""
    today = date.fromisoformat(
        http.get("/api/calendar", params={"brchNo": LONGWEN, "month": "2000-01"}).json()["data"]["today"]
    )
    for month in (f"{today:%Y-%m}", f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}"):
        days = http.get("/api/calendar", params={"brchNo": LONGWEN, "month": month}).json()["data"]["days"]
        open_days = [d["date"] for d in days if d["status"] == "open"]
        if open_days:
            return str(open_days[0])
    raise AssertionError("no bookable day in the window")


@pytest.fixture(scope="module")
def bank_filed(portals: PortalsProcess, fresh: Admins) -> dict[str, Any]:
    bank = fresh["bank-account"]
    company = bank.publish_company(
        "漳州市云帆软件科技有限公司", "福建省漳州市芗城区胜利西路100号", BANK_REP["name"], region="350602"
    )
    with client(portals.urls["bank-account"]) as http:
        day = bookable_day(http)
        form = {
            "corpNm": company["name"],
            "uniSocCrCd": company["uscc"],
            "regAddr": company["address"],
            "acctTp": "01",
            "ccyCd": "156",
            "cityCd": "350600",
            "brchNo": LONGWEN,
            "apptDt": day,
            "apptTmSlot": "1400",
            "lglRprNm": BANK_REP["name"],
            "lglRprCrdtNo": BANK_REP["id"],
            "lglRprMblNo": BANK_REP["mobile"],
            "agntNm": BANK_AGENT["name"],
            "agntCrdtNo": BANK_AGENT["id"],
            "agntMblNo": BANK_AGENT["mobile"],
            "bnfcOwnNm": [BANK_REP["name"], "黄丽华"],
            "bnfcOwnCrdtNo": [BANK_REP["id"], BANK_PARTNER],
            "bnfcOwnShrPct": ["60.00", "40.00"],
        }
        assert http.post("/api/sms/send", json={"mblNo": BANK_REP["mobile"]}).json()["code"] == "0"
        booked = http.post("/api/appointments", data={**form, "smsVrfCd": bank.sms_code(BANK_REP["mobile"])})
        assert booked.json()["code"] == "0", booked.text
    return {**only_submission(bank), "day": day}


def test_bank_shows_branch_slot_and_owner_rows(bank_filed: dict[str, Any]) -> None:
    assert bank_filed["shown"] == {
        "企业信息": {
            "企业名称": "漳州市云帆软件科技有限公司",
            "统一社会信用代码": bank_filed["uscc"],
            "注册地址": "福建省漳州市芗城区胜利西路100号",
            "账户类型": "基本存款账户",
            "币种": "人民币",
        },
        "开户网点": {"城市": "漳州市", "网点": "漳州龙文支行"},
        "预约信息": {"预约日期": bank_filed["day"], "预约时段": "14:00-15:00"},
        "法定代表人": {"姓名": "陈志强", "证件号码": BANK_REP["id"], "手机号码": "13905961234"},
        "经办人": {"姓名": "林晓燕", "证件号码": BANK_AGENT["id"], "手机号码": "13805967788"},
        "受益所有人": [
            {"姓名": "陈志强", "证件号码": BANK_REP["id"], "持股比例": "60.00"},
            {"姓名": "黄丽华", "证件号码": BANK_PARTNER, "持股比例": "40.00"},
        ],
    }


# -- the view's keys are the mapping's field paths ---------------------------------------


def mapping_paths(item: str) -> set[Path_]:
    """Every leaf of mappings/<item>.yaml as its label path; a table's columns as table/column."""
    mapping = load_mappings(MAPPINGS, load_form(MAPPINGS / "form.yaml"))[item]
    paths: set[Path_] = set()
    for node in mapping.nodes:
        paths |= {c.path for c in node.columns} if isinstance(node, SiteTable) else {node.path}
    return paths


def shown_paths(view: dict[str, Any], prefix: Path_ = ()) -> set[Path_]:
    paths: set[Path_] = set()
    for key, value in view.items():
        path = (*prefix, key)
        if isinstance(value, dict):
            paths |= shown_paths(value, path)
        elif isinstance(value, list) and value and all(isinstance(row, dict) for row in value):
            for row in value:
                paths |= shown_paths(row, path)
        else:
            paths.add(path)
    return paths


def regrouped(path: Path_, moves: dict[Path_, Path_]) -> Path_:
    for old, new in moves.items():
        if path[: len(old)] == old:
            return (*new, *path[len(old) :])
    return path


@pytest.mark.parametrize("item", ITEMS)
def test_shown_keys_are_the_mapping_field_paths(item: str, request: pytest.FixtureRequest) -> None:
    short = {"samr-registration": "samr", "psb-seal": "psb", "tax-registration": "tax"}
    short |= {"hrss-insurance": "hrss", "hpf-deposit": "hpf", "bank-account": "bank"}
    view = request.getfixturevalue(f"{short[item]}_filed")["shown"]
    expected = {regrouped(p, REGROUPED.get(item, {})) for p in mapping_paths(item)}
    expected = (expected - set(MAPPING_ONLY.get(item, {}))) | set(PAGE_ONLY.get(item, {}))
    assert shown_paths(view) == expected
