"""The 住所 cascader's own region data: a compact province → city → district tree.

Codes are GB/T 2260 administrative division codes; a district's code is what the
registry uses for the USCC's region part.
"""

from __future__ import annotations

from dataclasses import dataclass

# province code, name, [(city code, name, [(district code, name), ...]), ...]
_TREE: list[tuple[str, str, list[tuple[str, str, list[tuple[str, str]]]]]] = [
    (
        "110000",
        "北京市",
        [
            (
                "110100",
                "北京市",
                [
                    ("110101", "东城区"),
                    ("110102", "西城区"),
                    ("110105", "朝阳区"),
                    ("110106", "丰台区"),
                    ("110108", "海淀区"),
                    ("110114", "昌平区"),
                ],
            ),
        ],
    ),
    (
        "310000",
        "上海市",
        [
            ("310100", "上海市", [("310101", "黄浦区"), ("310104", "徐汇区"), ("310115", "浦东新区")]),
        ],
    ),
    (
        "330000",
        "浙江省",
        [
            ("330100", "杭州市", [("330106", "西湖区"), ("330108", "滨江区"), ("330110", "余杭区")]),
            ("330200", "宁波市", [("330203", "海曙区"), ("330212", "鄞州区")]),
        ],
    ),
    (
        "350000",
        "福建省",
        [
            (
                "350100",
                "福州市",
                [
                    ("350102", "鼓楼区"),
                    ("350103", "台江区"),
                    ("350104", "仓山区"),
                    ("350111", "晋安区"),
                ],
            ),
            ("350200", "厦门市", [("350203", "思明区"), ("350206", "湖里区"), ("350211", "集美区")]),
            (
                "350600",
                "漳州市",
                [
                    ("350602", "芗城区"),
                    ("350603", "龙文区"),
                    ("350604", "龙海区"),
                    ("350605", "长泰区"),
                ],
            ),
        ],
    ),
    (
        "440000",
        "广东省",
        [
            ("440100", "广州市", [("440104", "越秀区"), ("440106", "天河区")]),
            ("440300", "深圳市", [("440304", "福田区"), ("440305", "南山区")]),
        ],
    ),
]


@dataclass(frozen=True)
class District:
    """A leaf of the cascader, with its ancestors' names."""

    code: str
    province: str
    city: str
    name: str

    @property
    def names(self) -> list[str]:
        return [self.province, self.city, self.name]

    @property
    def full_name(self) -> str:
        """住所 prefix: 北京市朝阳区 (a municipality's name is not repeated), 福建省漳州市芗城区."""
        city = "" if self.city == self.province else self.city
        return self.province + city + self.name


DISTRICTS: dict[str, District] = {
    d_code: District(d_code, p_name, c_name, d_name)
    for _, p_name, cities in _TREE
    for _, c_name, districts in cities
    for d_code, d_name in districts
}

# 名称中的行政区划: any province, city or district name of the tree.
REGION_NAMES: frozenset[str] = frozenset(
    {p for _, p, _ in _TREE}
    | {c for _, _, cities in _TREE for _, c, _ in cities}
    | {d.name for d in DISTRICTS.values()}
)


def tree_json() -> list[dict[str, object]]:
    """The tree as the cascader's script reads it."""
    return [
        {
            "code": p_code,
            "name": p_name,
            "children": [
                {"code": c_code, "name": c_name, "children": [{"code": d, "name": n} for d, n in districts]}
                for c_code, c_name, districts in cities
            ],
        }
        for p_code, p_name, cities in _TREE
    ]
