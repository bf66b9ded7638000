"""The form's option lists, defined once: the page gets them as JSON, ``shown`` turns codes back into labels.

Codes are what the page posts (as a real portal's selects do); labels are what a person sees.
"""

from __future__ import annotations

from typing import Any

from demo.kits.choices import Tree, pairs
from demo.kits.elplus.countries import COUNTRIES

COMPANY_TYPES = {
    "1151": "有限责任公司（自然人独资）",
    "1130": "有限责任公司（自然人投资或控股）",
    "1221": "股份有限公司（非上市、自然人投资或控股）",
    "4540": "个人独资企业",
    "4531": "普通合伙企业",
}

AUTHORITIES = {  # 登记机关: a filterable select
    "350602": "漳州市芗城区市场监督管理局",
    "350603": "漳州市龙文区市场监督管理局",
    "350604": "漳州市龙海区市场监督管理局",
    "350203": "厦门市思明区市场监督管理局",
    "350206": "厦门市湖里区市场监督管理局",
    "350102": "福州市鼓楼区市场监督管理局",
    "330106": "杭州市西湖区市场监督管理局",
    "110105": "北京市朝阳区市场监督管理局",
}

SCOPES = {  # 经营范围: a multiple select (tags)
    "software_dev": "软件开发",
    "it_consulting": "信息技术咨询服务",
    "system_integration": "信息系统集成服务",
    "computer_retail": "计算机软硬件及辅助设备零售",
    "tech_service": "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
    "data_service": "数据处理和存储支持服务",
    "online_retail": "互联网销售（除销售需要许可的商品）",
}

ID_TYPES = {"111": "居民身份证", "414": "护照", "516": "港澳居民来往内地通行证", "511": "台湾居民来往大陆通行证"}

TAXPAYER_KINDS = {"1": "一般纳税人", "2": "小规模纳税人"}

TRADE_MODES = {"pf": "批发", "ls": "零售", "wl": "网络销售", "js": "技术服务", "jck": "进出口"}

BANKS = [  # 开户银行: the autocomplete's suggestions (the typed text is kept as it is)
    "中国工商银行",
    "中国农业银行",
    "中国银行",
    "中国建设银行",
    "交通银行",
    "中国邮政储蓄银行",
    "招商银行",
    "兴业银行",
    "厦门银行",
]

BRANCHES = {  # 开户网点: a remote-search select, answered by /api/branches
    "102399000011": "中国工商银行漳州芗城支行",
    "102399000028": "中国工商银行漳州分行营业部",
    "105399000017": "中国建设银行漳州芗城支行",
    "105399000104": "中国建设银行漳州龙文支行",
    "104399000012": "中国银行漳州分行营业部",
    "309399000010": "兴业银行漳州分行",
    "309399000036": "兴业银行漳州芗城支行",
    "308393000014": "招商银行厦门分行营业部",
    "313393080002": "厦门银行漳州分行",
}

INSURANCES = {  # 参保险种: a transfer
    "110": "企业职工基本养老保险",
    "210": "失业保险",
    "310": "职工基本医疗保险",
    "410": "工伤保险",
    "510": "生育保险",
}

DEPOSIT_RATES = {str(r): f"{r}%" for r in range(5, 13)}  # 单位缴存比例

HOLDER_ID_TYPES = {"111": "居民身份证", "414": "护照", "601": "营业执照"}  # the table's 证件类型

CONTRIBUTIONS = {"1": "货币", "2": "实物", "3": "知识产权", "4": "土地使用权"}  # the table's 出资方式


def _node(value: str, label: str, children: Tree | None = None) -> dict[str, Any]:
    return {"value": value, "label": label, **({"children": children} if children else {})}


REGIONS: Tree = [  # 住所: a cascader, 省 / 市 / 区
    _node(
        "350000",
        "福建省",
        [
            _node(
                "350100", "福州市", [_node("350102", "鼓楼区"), _node("350103", "台江区"), _node("350104", "仓山区")]
            ),
            _node(
                "350200", "厦门市", [_node("350203", "思明区"), _node("350206", "湖里区"), _node("350211", "集美区")]
            ),
            _node(
                "350600", "漳州市", [_node("350602", "芗城区"), _node("350603", "龙文区"), _node("350604", "龙海区")]
            ),
        ],
    ),
    _node(
        "330000",
        "浙江省",
        [
            _node(
                "330100", "杭州市", [_node("330102", "上城区"), _node("330106", "西湖区"), _node("330108", "滨江区")]
            ),
            _node("330200", "宁波市", [_node("330203", "海曙区"), _node("330205", "江北区")]),
        ],
    ),
    _node("110000", "北京市", [_node("110100", "市辖区", [_node("110101", "东城区"), _node("110105", "朝阳区")])]),
]

INDUSTRIES: Tree = [  # 行业分类: a tree select, GB/T 4754 门类 / 大类 / 中类 / 小类
    _node(
        "I",
        "信息传输、软件和信息技术服务业",
        [
            _node(
                "65",
                "软件和信息技术服务业",
                [
                    _node(
                        "651",
                        "软件开发",
                        [_node("6511", "基础软件开发"), _node("6512", "支撑软件开发"), _node("6513", "应用软件开发")],
                    ),
                    _node("652", "集成电路设计", [_node("6520", "集成电路设计")]),
                    _node(
                        "653",
                        "信息系统集成和物联网技术服务",
                        [_node("6531", "信息系统集成服务"), _node("6532", "物联网技术服务")],
                    ),
                ],
            ),
            _node("64", "互联网和相关服务", [_node("642", "互联网信息服务", [_node("6421", "互联网搜索服务")])]),
        ],
    ),
    _node(
        "F",
        "批发和零售业",
        [
            _node(
                "51",
                "批发业",
                [_node("517", "机械设备、五金产品及电子产品批发", [_node("5176", "计算机、软件及辅助设备批发")])],
            ),
            _node(
                "52",
                "零售业",
                [_node("527", "家用电器及电子产品专门零售", [_node("5273", "计算机、软件及辅助设备零售")])],
            ),
        ],
    ),
]


def page_options() -> dict[str, Any]:
    """Everything the page's selects, groups and trees offer (remote branches excepted: typed for)."""
    return {
        "companyTypes": pairs(COMPANY_TYPES),
        "authorities": pairs(AUTHORITIES),
        "scopes": pairs(SCOPES),
        "idTypes": pairs(ID_TYPES),
        "taxpayerKinds": pairs(TAXPAYER_KINDS),
        "tradeModes": pairs(TRADE_MODES),
        "banks": BANKS,
        "insurances": pairs(INSURANCES, "key"),
        "depositRates": pairs(DEPOSIT_RATES),
        "holderIdTypes": pairs(HOLDER_ID_TYPES),
        "contributions": pairs(CONTRIBUTIONS),
        "countries": pairs(COUNTRIES),
        "regions": REGIONS,
        "industries": INDUSTRIES,
    }
