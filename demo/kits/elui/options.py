"""The form's option lists, defined once: the page gets them as JSON, ``shown`` turns codes back into labels.

Codes are the portal's own (what the page posts); labels are what a person sees.
"""

from __future__ import annotations

from typing import Any

from demo.kits.choices import pairs

ENTERPRISE_TYPES = {
    "1100": "有限责任公司（自然人独资）",
    "1130": "有限责任公司（自然人投资或控股）",
    "1150": "有限责任公司（非自然人投资或控股的法人独资）",
    "1200": "股份有限公司",
    "4000": "个人独资企业",
    "4500": "合伙企业",
}
ID_TYPES = {"10": "居民身份证", "20": "护照", "30": "港澳居民来往内地通行证", "40": "台湾居民来往大陆通行证"}
SEXES = {"1": "男", "2": "女"}
POSITIONS = {"410A": "执行董事", "410B": "董事长", "410C": "董事", "434Q": "经理", "436A": "监事"}
BUSINESS_MODES = {"01": "批发", "02": "零售", "03": "网络销售", "04": "技术服务", "05": "进出口"}
TAXPAYER_KINDS = {"1": "一般纳税人", "2": "小规模纳税人"}
SCOPE_ITEMS = {
    "I6510": "软件开发",
    "I6531": "信息系统集成服务",
    "I6560": "信息技术咨询服务",
    "F5273": "计算机软硬件及辅助设备零售",
    "I6540": "运行维护服务",
    "L7239": "咨询策划服务",
    "M7520": "技术推广服务",
    "F5193": "互联网销售（除销售需要许可的商品）",
    "L7251": "广告设计、代理",
    "P8391": "职业技能培训（不含需取得许可的培训）",
}
SHAREHOLDER_TYPES = {"1": "自然人", "2": "企业法人", "3": "事业法人", "4": "社团法人"}
CONTRIBUTION_MODES = {"1": "货币", "2": "实物", "3": "知识产权", "4": "土地使用权"}
# 同步办理事项: the transfer's items (一件事 bundled with the registration)
LINKED_ITEMS = {
    "seal": "公章刻制备案",
    "tax": "税务登记（新办纳税人套餐）",
    "invoice": "发票申领",
    "insurance": "社会保险参保登记",
    "fund": "住房公积金缴存登记",
    "bank": "银行预约开户",
    "medical": "医疗保险参保登记",
}

_STREETS = ["南坑", "西桥", "东铺头", "浦南", "芝山", "石亭", "通北", "新桥", "巷口", "天宝"]
_WORDS = [
    "东城",
    "西城",
    "南门",
    "北斗",
    "新华",
    "胜利",
    "瑞京",
    "金峰",
    "龙眼营",
    "碧湖",
    "大通",
    "古塘",
    "澳头",
    "丹霞",
    "凤凰",
    "鹤鸣",
    "中山",
    "延安",
    "建元",
    "钱塘",
    "水仙",
    "文昌",
    "步文",
    "芗江",
    "九龙",
]
# 所属社区（居委会）: a long list (250), so that a person scrolls to the option
COMMUNITIES = {
    f"35060{i // 25 + 1:02d}{i % 25 + 1:03d}": f"{street}街道{word}社区居民委员会"
    for i, (street, word) in enumerate((s, w) for s in _STREETS for w in _WORDS)
}

# 住所所在地: 省 → 市 → 区县, codes GB/T 2260
REGIONS: list[dict[str, Any]] = [
    {
        "value": "350000",
        "label": "福建省",
        "children": [
            {
                "value": "350600",
                "label": "漳州市",
                "children": [
                    {"value": "350602", "label": "芗城区"},
                    {"value": "350603", "label": "龙文区"},
                    {"value": "350604", "label": "龙海区"},
                    {"value": "350605", "label": "长泰区"},
                ],
            },
            {
                "value": "350200",
                "label": "厦门市",
                "children": [
                    {"value": "350203", "label": "思明区"},
                    {"value": "350206", "label": "湖里区"},
                    {"value": "350211", "label": "集美区"},
                ],
            },
            {
                "value": "350100",
                "label": "福州市",
                "children": [
                    {"value": "350102", "label": "鼓楼区"},
                    {"value": "350103", "label": "台江区"},
                ],
            },
        ],
    },
    {
        "value": "110000",
        "label": "北京市",
        "children": [
            {
                "value": "110100",
                "label": "市辖区",
                "children": [
                    {"value": "110101", "label": "东城区"},
                    {"value": "110105", "label": "朝阳区"},
                    {"value": "110108", "label": "海淀区"},
                ],
            }
        ],
    },
]

# 登记机关: a tree (局 → 分局 → 所)
AUTHORITIES: list[dict[str, Any]] = [
    {
        "id": "3506",
        "label": "漳州市市场监督管理局",
        "children": [
            {
                "id": "350602",
                "label": "芗城区市场监督管理局",
                "children": [
                    {"id": "35060201", "label": "南坑市场监督管理所"},
                    {"id": "35060202", "label": "西桥市场监督管理所"},
                    {"id": "35060203", "label": "浦南市场监督管理所"},
                ],
            },
            {
                "id": "350603",
                "label": "龙文区市场监督管理局",
                "children": [
                    {"id": "35060301", "label": "蓝田市场监督管理所"},
                    {"id": "35060302", "label": "朝阳市场监督管理所"},
                ],
            },
        ],
    },
    {"id": "3502", "label": "厦门市市场监督管理局", "children": [{"id": "350203", "label": "思明区市场监督管理局"}]},
]

# 委托代理机构: searched by the portal (remote select), never all listed on the page
AGENCIES = {
    "A001": "漳州市信达企业登记代理有限公司",
    "A002": "漳州市众诚财务咨询有限公司",
    "A003": "厦门市鹭岛工商代理事务所",
    "A004": "福州市闽江企业服务有限公司",
    "A005": "漳州市芗城区惠民代办服务中心",
}

# 详细地址 suggestions (autocomplete): a person may also type an address not listed
ADDRESSES = [
    "胜利西路与延安北路交叉口东北侧",
    "胜利西路28号",
    "胜利东路3号",
    "延安北路南昌大厦",
    "瑞京路1号",
    "新华西路98号",
]


def page_options() -> dict[str, Any]:
    """What the page's script gets (window.OPTIONS); the remote list is not in it."""
    return {
        "enterpriseTypes": pairs(ENTERPRISE_TYPES),
        "idTypes": pairs(ID_TYPES),
        "sexes": pairs(SEXES),
        "positions": pairs(POSITIONS),
        "businessModes": pairs(BUSINESS_MODES),
        "taxpayerKinds": pairs(TAXPAYER_KINDS),
        "scopeItems": pairs(SCOPE_ITEMS),
        "shareholderTypes": pairs(SHAREHOLDER_TYPES),
        "contributionModes": pairs(CONTRIBUTION_MODES),
        "linkedItems": pairs(LINKED_ITEMS, "key"),
        "communities": pairs(COMMUNITIES),
        "regions": REGIONS,
        "authorities": AUTHORITIES,
        "addresses": ADDRESSES,
    }
