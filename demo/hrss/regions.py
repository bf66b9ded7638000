"""The cascader's compact 行政区划 data (GB/T 2260): province → city → district."""

from __future__ import annotations

from typing import Any

REGIONS: dict[str, Any] = {
    "110000": ("北京市", {"110100": ("北京市", {
        "110101": "东城区", "110102": "西城区", "110105": "朝阳区", "110106": "丰台区", "110108": "海淀区",
    })}),
    "310000": ("上海市", {"310100": ("上海市", {
        "310101": "黄浦区", "310104": "徐汇区", "310115": "浦东新区",
    })}),
    "350000": ("福建省", {
        "350100": ("福州市", {"350102": "鼓楼区", "350103": "台江区", "350104": "仓山区"}),
        "350200": ("厦门市", {"350203": "思明区", "350206": "湖里区", "350211": "集美区"}),
        "350600": ("漳州市", {
            "350602": "芗城区", "350603": "龙文区", "350604": "龙海区", "350605": "长泰区", "350623": "漳浦县",
        }),
    }),
    "440000": ("广东省", {
        "440100": ("广州市", {"440104": "越秀区", "440106": "天河区"}),
        "440300": ("深圳市", {"440304": "福田区", "440305": "南山区"}),
    }),
}  # fmt: skip


def districts() -> dict[str, tuple[str, str, str]]:
    """District code → (province, city, district) names."""
    return {
        d_code: (p_name, c_name, d_name)
        for p_name, cities in REGIONS.values()
        for c_name, dists in cities.values()
        for d_code, d_name in dists.items()
    }


def as_tree() -> list[dict[str, Any]]:
    """The cascader's JSON: [{code, name, children: [...]}]."""
    return [
        {
            "code": p_code,
            "name": p_name,
            "children": [
                {"code": c_code, "name": c_name, "children": [{"code": d, "name": n} for d, n in dists.items()]}
                for c_code, (c_name, dists) in cities.items()
            ],
        }
        for p_code, (p_name, cities) in REGIONS.items()
    ]
