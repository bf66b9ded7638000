"""国民经济行业分类 (GB/T 4754-2017), a realistic subset: 门类 → 大类 → 小类, and each 大类's
工伤保险行业风险类别 (人社部发〔2015〕71号, the portal's own table).

Why here: the portal fills 工伤风险类别 from the industry and checks it again on submit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Major:
    code: str
    name: str
    risk: str
    minors: dict[str, str]


@dataclass(frozen=True)
class Section:
    code: str
    name: str
    majors: tuple[Major, ...]


TREE: tuple[Section, ...] = (
    Section(
        "B",
        "采矿业",
        (Major("06", "煤炭开采和洗选业", "八类", {"0610": "烟煤和无烟煤开采洗选", "0620": "褐煤开采洗选"}),),
    ),
    Section(
        "C",
        "制造业",
        (
            Major(
                "13",
                "农副食品加工业",
                "三类",
                {"1311": "稻谷加工", "1391": "淀粉及淀粉制品制造", "1392": "豆制品制造"},
            ),
            Major("33", "金属制品业", "三类", {"3311": "金属结构制造", "3312": "金属门窗制造"}),
            Major(
                "39",
                "计算机、通信和其他电子设备制造业",
                "二类",
                {"3911": "计算机整机制造", "3921": "通信系统设备制造"},
            ),
        ),
    ),
    Section(
        "E",
        "建筑业",
        (
            Major("47", "房屋建筑业", "六类", {"4710": "住宅房屋建筑", "4720": "体育场馆建筑"}),
            Major("48", "土木工程建筑业", "六类", {"4811": "铁路工程建筑", "4812": "公路工程建筑"}),
        ),
    ),
    Section(
        "F",
        "批发和零售业",
        (
            Major("51", "批发业", "二类", {"5176": "计算机、软件及辅助设备批发", "5191": "贸易代理"}),
            Major(
                "52",
                "零售业",
                "二类",
                {
                    "5211": "百货零售",
                    "5212": "超级市场零售",
                    "5273": "计算机、软件及辅助设备零售",
                    "5292": "互联网零售",
                },
            ),
        ),
    ),
    Section(
        "G",
        "交通运输、仓储和邮政业",
        (
            Major("54", "道路运输业", "五类", {"5411": "公共电汽车客运", "5431": "普通货物道路运输"}),
            Major("60", "邮政业", "二类", {"6010": "邮政基本服务", "6020": "快递服务"}),
        ),
    ),
    Section(
        "H",
        "住宿和餐饮业",
        (
            Major("61", "住宿业", "二类", {"6110": "旅游饭店", "6121": "经济型连锁酒店"}),
            Major("62", "餐饮业", "二类", {"6210": "正餐服务", "6220": "快餐服务"}),
        ),
    ),
    Section(
        "I",
        "信息传输、软件和信息技术服务业",
        (
            Major("63", "电信、广播电视和卫星传输服务", "二类", {"6311": "固定电信服务", "6312": "移动电信服务"}),
            Major(
                "64",
                "互联网和相关服务",
                "二类",
                {"6410": "互联网接入及相关服务", "6421": "互联网搜索服务", "6450": "互联网数据服务"},
            ),
            Major(
                "65",
                "软件和信息技术服务业",
                "一类",
                {
                    "6511": "基础软件开发",
                    "6512": "支撑软件开发",
                    "6513": "应用软件开发",
                    "6519": "其他软件开发",
                    "6531": "信息系统集成服务",
                    "6540": "运行维护服务",
                    "6550": "信息处理和存储支持服务",
                    "6560": "信息技术咨询服务",
                },
            ),
        ),
    ),
    Section(
        "K",
        "房地产业",
        (Major("70", "房地产业", "二类", {"7010": "房地产开发经营", "7020": "物业管理"}),),
    ),
    Section(
        "L",
        "租赁和商务服务业",
        (
            Major("71", "租赁业", "二类", {"7111": "汽车租赁"}),
            Major(
                "72",
                "商务服务业",
                "二类",
                {
                    "7211": "企业总部管理",
                    "7241": "会计、审计及税务服务",
                    "7243": "社会经济咨询",
                    "7259": "其他广告服务",
                },
            ),
        ),
    ),
    Section(
        "M",
        "科学研究和技术服务业",
        (
            Major("73", "研究和试验发展", "二类", {"7310": "自然科学研究和试验发展", "7340": "医学研究和试验发展"}),
            Major(
                "75",
                "科技推广和应用服务业",
                "一类",
                {"7511": "农林牧渔技术推广服务", "7514": "新能源技术推广服务", "7519": "其他技术推广服务"},
            ),
        ),
    ),
)


@dataclass(frozen=True)
class Leaf:
    code: str
    name: str
    path: tuple[str, str, str]  # 门类, 大类, 小类 names
    risk: str


LEAVES: dict[str, Leaf] = {
    code: Leaf(code, name, (s.name, m.name, name), m.risk)
    for s in TREE
    for m in s.majors
    for code, name in m.minors.items()
}


def children(parent: str) -> list[dict[str, str | bool]]:
    """The nodes under ``parent`` ('' = the 门类, a letter = its 大类, 2 digits = its 小类)."""
    if not parent:
        return [{"code": s.code, "name": s.name, "leaf": False} for s in TREE]
    for s in TREE:
        if s.code == parent:
            return [{"code": m.code, "name": m.name, "leaf": False} for m in s.majors]
        for m in s.majors:
            if m.code == parent:
                return [
                    {"code": c, "name": n, "leaf": True, "risk": m.risk, "path": "/".join((s.name, m.name, n))}
                    for c, n in m.minors.items()
                ]
    return []
