"""The fund centre's own code lists (option value → label) and its 区划 tree.

Kept here, not shared with the bot: the bot picks options by their labels.
"""

from __future__ import annotations

UNIT_KINDS: dict[str, str] = {
    "10": "国有企业",
    "20": "集体企业",
    "30": "股份制企业",
    "40": "私营企业",
    "50": "外商投资企业",
    "60": "港澳台商投资企业",
    "70": "机关",
    "80": "事业单位",
    "90": "社会团体",
    "91": "民办非企业单位",
    "99": "其他",
}

AFFILIATIONS: dict[str, str] = {
    "10": "中央",
    "20": "省",
    "40": "市、地区",
    "50": "区县",
    "60": "街道、镇、乡",
    "70": "居民委员会",
    "71": "村民委员会",
    "90": "其他",
}

BANKS: dict[str, str] = {
    "01": "中国工商银行",
    "02": "中国农业银行",
    "03": "中国银行",
    "04": "中国建设银行",
    "05": "交通银行",
    "06": "兴业银行",
    "07": "招商银行",
    "08": "中国邮政储蓄银行",
}

# province code → (name, {city code → (name, {district code → name})})
REGIONS: dict[str, tuple[str, dict[str, tuple[str, dict[str, str]]]]] = {
    "110000": (
        "北京市",
        {
            "110100": (
                "北京市",
                {"110101": "东城区", "110102": "西城区", "110105": "朝阳区", "110106": "丰台区", "110108": "海淀区"},
            )
        },
    ),
    "310000": ("上海市", {"310100": ("上海市", {"310101": "黄浦区", "310104": "徐汇区", "310115": "浦东新区"})}),
    "350000": (
        "福建省",
        {
            "350100": ("福州市", {"350102": "鼓楼区", "350103": "台江区", "350104": "仓山区"}),
            "350200": ("厦门市", {"350203": "思明区", "350206": "湖里区", "350211": "集美区"}),
            "350600": (
                "漳州市",
                {"350602": "芗城区", "350603": "龙文区", "350604": "龙海区", "350605": "长泰区", "350623": "漳浦县"},
            ),
        },
    ),
    "440000": (
        "广东省",
        {
            "440100": ("广州市", {"440104": "越秀区", "440106": "天河区"}),
            "440300": ("深圳市", {"440304": "福田区", "440305": "南山区"}),
        },
    ),
}


def provinces() -> dict[str, str]:
    return {code: name for code, (name, _) in REGIONS.items()}


def cities(province: str) -> dict[str, str]:
    return {code: name for code, (name, _) in REGIONS.get(province, ("", {}))[1].items()}


def districts(province: str, city: str) -> dict[str, str]:
    return dict(REGIONS.get(province, ("", {}))[1].get(city, ("", {}))[1])
