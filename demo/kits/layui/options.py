"""The bed's option lists, defined once: the page gets them as JSON, ``shown`` turns codes back into labels.

Each list is ``code → label`` in the order the page offers them; trees (行业, 行政区划) are nested
``{"code", "label", "children"}`` dicts as layui's tree and the linked selects take them.
"""

from __future__ import annotations

from typing import Any

COMPANY_TYPES = {
    "1151": "有限责任公司（自然人独资）",
    "1130": "有限责任公司（自然人投资或控股）",
    "1190": "其他有限责任公司",
    "1200": "股份有限公司",
    "9100": "个人独资企业",
    "9200": "合伙企业",
}

ID_TYPES = {"10": "居民身份证", "20": "护照", "30": "港澳居民来往内地通行证", "40": "台湾居民来往大陆通行证"}

TAXPAYER_KINDS = {"1": "小规模纳税人", "2": "一般纳税人"}

# 经营范围规范表述 (a checkbox group)
SCOPES = {
    "JY01": "软件开发",
    "JY02": "信息技术咨询服务",
    "JY03": "信息系统集成服务",
    "JY04": "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
    "JY05": "数据处理和存储支持服务",
    "JY06": "人工智能应用软件开发",
    "JY07": "网络技术服务",
    "JY08": "计算机软硬件及辅助设备零售",
    "JY09": "计算机软硬件及辅助设备批发",
    "JY10": "企业管理咨询",
    "JY11": "市场营销策划",
    "JY12": "会议及展览服务",
    "JY13": "广告设计、代理",
    "JY14": "日用百货销售",
    "JY15": "办公用品销售",
}

# lay-skin="tag" checkboxes: what the new company asks for at once (a tag multi-select as layui portals draw it)
NEEDS = {
    "seal": "公章刻制",
    "invoice": "申领发票",
    "social": "社保登记",
    "fund": "公积金缴存登记",
    "bank": "银行开户预约",
}

CONTRIBUTION_WAYS = {"1": "货币", "2": "实物", "3": "知识产权", "4": "土地使用权"}

# transfer: 涉企经营许可事项 the applicant files together with the registration
PERMITS = {
    "P01": "食品经营许可",
    "P02": "公共场所卫生许可",
    "P03": "道路运输经营许可",
    "P04": "人力资源服务许可",
    "P05": "增值电信业务经营许可",
    "P06": "出版物零售许可",
}

# a lay-search select: 登记机关 — every 市场监督管理局 of the province's counties (a long list, searched by typing)
_COUNTIES = [
    "鼓楼区",
    "台江区",
    "仓山区",
    "马尾区",
    "晋安区",
    "长乐区",
    "闽侯县",
    "连江县",
    "罗源县",
    "闽清县",
    "永泰县",
    "平潭县",
    "福清市",
    "思明区",
    "海沧区",
    "湖里区",
    "集美区",
    "同安区",
    "翔安区",
    "城厢区",
    "涵江区",
    "荔城区",
    "秀屿区",
    "仙游县",
    "三元区",
    "沙县区",
    "明溪县",
    "清流县",
    "宁化县",
    "大田县",
    "尤溪县",
    "将乐县",
    "泰宁县",
    "建宁县",
    "永安市",
    "鲤城区",
    "丰泽区",
    "洛江区",
    "泉港区",
    "惠安县",
    "安溪县",
    "永春县",
    "德化县",
    "石狮市",
    "晋江市",
    "南安市",
    "芗城区",
    "龙文区",
    "龙海区",
    "长泰区",
    "云霄县",
    "漳浦县",
    "诏安县",
    "东山县",
    "南靖县",
    "平和县",
    "华安县",
    "延平区",
    "建阳区",
    "顺昌县",
    "浦城县",
    "光泽县",
    "松溪县",
    "政和县",
    "邵武市",
    "武夷山市",
    "建瓯市",
    "新罗区",
    "永定区",
    "长汀县",
    "上杭县",
    "武平县",
    "连城县",
    "漳平市",
    "蕉城区",
    "霞浦县",
    "古田县",
    "屏南县",
    "寿宁县",
    "周宁县",
    "柘荣县",
    "福安市",
    "福鼎市",
]
AUTHORITIES = {f"35{i:04d}": f"{county}市场监督管理局" for i, county in enumerate(_COUNTIES, start=1)}

# the remote-search select: 开户银行 (网点), answered by /api/bank-branches?q= after typing
BANK_BRANCHES = {
    "102391000011": "中国工商银行漳州分行营业部",
    "102391000029": "中国工商银行漳州芗城支行",
    "103391000016": "中国农业银行漳州分行营业部",
    "104391000013": "中国银行漳州分行营业部",
    "105391000010": "中国建设银行漳州分行营业部",
    "105391000028": "中国建设银行漳州龙文支行",
    "102391000037": "中国工商银行福州鼓楼支行",
    "313391000012": "福建海峡银行漳州分行",
    "402391000015": "漳州农村商业银行营业部",
}

# the autocomplete: 所属园区 (the typed text is kept when it is none of them)
PARKS = [
    "漳州高新技术产业开发区",
    "漳州台商投资区",
    "漳州招商局经济技术开发区",
    "福州高新技术产业开发区",
    "厦门火炬高技术产业开发区",
    "泉州经济技术开发区",
]

# the tree select: 国民经济行业分类 门类 → 大类 → 中类
INDUSTRIES: list[dict[str, Any]] = [
    {
        "code": "I",
        "label": "信息传输、软件和信息技术服务业",
        "children": [
            {
                "code": "I65",
                "label": "软件和信息技术服务业",
                "children": [
                    {"code": "I6513", "label": "应用软件开发"},
                    {"code": "I6531", "label": "信息系统集成服务"},
                    {"code": "I6560", "label": "信息技术咨询服务"},
                ],
            },
            {
                "code": "I64",
                "label": "互联网和相关服务",
                "children": [{"code": "I6450", "label": "互联网数据服务"}],
            },
        ],
    },
    {
        "code": "C",
        "label": "制造业",
        "children": [
            {
                "code": "C39",
                "label": "计算机、通信和其他电子设备制造业",
                "children": [
                    {"code": "C3911", "label": "计算机整机制造"},
                    {"code": "C3921", "label": "通信系统设备制造"},
                ],
            },
        ],
    },
    {
        "code": "L",
        "label": "租赁和商务服务业",
        "children": [
            {
                "code": "L72",
                "label": "商务服务业",
                "children": [{"code": "L7243", "label": "社会经济咨询"}, {"code": "L7212", "label": "投资与资产管理"}],
            },
        ],
    },
]

# the linked 省 / 市 / 区 selects (行政区划代码)
REGIONS: list[dict[str, Any]] = [
    {
        "code": "350000",
        "label": "福建省",
        "children": [
            {
                "code": "350100",
                "label": "福州市",
                "children": [
                    {"code": "350102", "label": "鼓楼区"},
                    {"code": "350103", "label": "台江区"},
                    {"code": "350104", "label": "仓山区"},
                ],
            },
            {
                "code": "350200",
                "label": "厦门市",
                "children": [{"code": "350203", "label": "思明区"}, {"code": "350206", "label": "湖里区"}],
            },
            {
                "code": "350600",
                "label": "漳州市",
                "children": [
                    {"code": "350602", "label": "芗城区"},
                    {"code": "350603", "label": "龙文区"},
                    {"code": "350604", "label": "龙海区"},
                ],
            },
        ],
    },
    {
        "code": "110000",
        "label": "北京市",
        "children": [
            {
                "code": "110100",
                "label": "北京市",
                "children": [{"code": "110105", "label": "朝阳区"}, {"code": "110108", "label": "海淀区"}],
            },
        ],
    },
]


def _pairs(codes: dict[str, str]) -> list[list[str]]:
    """[[code, label], …] in order: a JSON object's integer-like keys ("1151") would be reordered by JavaScript."""
    return [[code, label] for code, label in codes.items()]


def for_page() -> dict[str, Any]:
    """Everything the form page needs, given to it once as JSON."""
    return {
        "companyTypes": _pairs(COMPANY_TYPES),
        "idTypes": _pairs(ID_TYPES),
        "taxpayerKinds": _pairs(TAXPAYER_KINDS),
        "scopes": _pairs(SCOPES),
        "needs": _pairs(NEEDS),
        "contributionWays": _pairs(CONTRIBUTION_WAYS),
        "permits": _pairs(PERMITS),
        "authorities": _pairs(AUTHORITIES),
        "parks": PARKS,
        "industries": INDUSTRIES,
        "regions": REGIONS,
    }
