"""The bed's code lists, defined once: option value (the code posted) → label (what the page shows).

The page gets them as JSON (``page_options``); ``detail.shown`` turns the posted codes back into labels.
Kept here, not shared with the bot: the bot picks options by their labels.
"""

from __future__ import annotations

from typing import Any

from demo.kits.choices import pairs

COMPANY_TYPES: dict[str, str] = {
    "1151": "有限责任公司（自然人独资）",
    "1130": "有限责任公司（自然人投资或控股）",
    "1190": "其他有限责任公司",
    "1221": "股份有限公司（非上市、自然人投资或控股）",
    "4540": "个人独资企业",
    "4530": "普通合伙企业",
}

# 许可项目 (select mode=multiple: tags)
LICENCES: dict[str, str] = {
    "SP": "食品销售",
    "JL": "酒类经营",
    "YC": "烟草制品零售",
    "CY": "餐饮服务",
    "YP": "药品零售",
    "CB": "出版物零售",
    "DL": "道路货物运输（不含危险货物）",
}

# 登记机关 (show-search: filtered as one types)
AUTHORITIES: dict[str, str] = {
    "350602": "漳州市芗城区市场监督管理局",
    "350603": "漳州市龙文区市场监督管理局",
    "350604": "漳州市龙海区市场监督管理局",
    "350605": "漳州市长泰区市场监督管理局",
    "350622": "云霄县市场监督管理局",
    "350623": "漳浦县市场监督管理局",
    "350624": "诏安县市场监督管理局",
    "350626": "东山县市场监督管理局",
    "350627": "南靖县市场监督管理局",
    "350628": "平和县市场监督管理局",
    "350629": "华安县市场监督管理局",
    "350102": "福州市鼓楼区市场监督管理局",
    "350103": "福州市台江区市场监督管理局",
    "350203": "厦门市思明区市场监督管理局",
    "350206": "厦门市湖里区市场监督管理局",
}

# 主管税务机关 (show-search with antd's default optionFilterProp "value": typing a name filters on the codes)
TAX_OFFICES: dict[str, str] = {
    "13506020000": "国家税务总局漳州市芗城区税务局",
    "13506030000": "国家税务总局漳州市龙文区税务局",
    "13506040000": "国家税务总局漳州市龙海区税务局",
    "13506230000": "国家税务总局漳浦县税务局",
}

# 开户银行 (remote search: the portal answers /api/banks?kw= after a moment)
BANKS: dict[str, str] = {
    "104258000011": "中国银行股份有限公司漳州分行",
    "104258000125": "中国银行股份有限公司漳州芗城支行",
    "102258000018": "中国工商银行股份有限公司漳州分行",
    "102258001234": "中国工商银行股份有限公司漳州胜利支行",
    "103258000019": "中国农业银行股份有限公司漳州分行",
    "105258000012": "中国建设银行股份有限公司漳州分行",
    "309258000017": "兴业银行股份有限公司漳州分行",
    "104391000010": "中国银行股份有限公司厦门分行",
    "102391000013": "中国工商银行股份有限公司厦门分行",
    "104391000222": "中国银行股份有限公司厦门湖里支行",
    "104393000016": "中国银行股份有限公司福州分行",
}

# 经营场所 (autocomplete: suggestions from /api/addresses?kw=, the typed text is the value)
ADDRESSES: tuple[str, ...] = (
    "福建省漳州市芗城区胜利西路28号",
    "福建省漳州市芗城区延安北路6号",
    "福建省漳州市龙文区水仙大街17号",
    "福建省漳州市龙海区紫泥镇锦田村",
    "福建省厦门市思明区湖滨南路90号",
    "福建省福州市鼓楼区五四路158号",
)

ACCOUNTING: dict[str, str] = {"1": "独立核算", "2": "非独立核算"}  # radio group
BUSINESS_MODES: dict[str, str] = {"1": "线上", "2": "线下", "3": "线上线下"}  # radio buttons
MATTERS: dict[str, str] = {  # checkbox group
    "yz": "刻制印章",
    "fp": "申领发票",
    "sb": "社保登记",
    "gjj": "公积金开户",
    "yh": "银行开户",
}
DEPARTMENTS: dict[str, str] = {  # transfer
    "sw": "税务部门",
    "rs": "人力资源社会保障部门",
    "gjj": "住房公积金管理中心",
    "ga": "公安部门",
    "yh": "人民银行",
    "tj": "统计部门",
    "sh": "海关",
}
ID_TYPES: dict[str, str] = {"10": "居民身份证", "11": "港澳居民来往内地通行证", "12": "护照"}  # table cell
CONTRIBUTION: dict[str, str] = {"1": "货币", "2": "实物", "3": "知识产权", "4": "土地使用权"}  # table cell

# 住所 (cascader, 省/市/区): code → (label, children)
Tree = dict[str, tuple[str, "Tree"]]
REGIONS: Tree = {
    "350000": (
        "福建省",
        {
            "350100": ("福州市", {"350102": ("鼓楼区", {}), "350103": ("台江区", {}), "350104": ("仓山区", {})}),
            "350200": ("厦门市", {"350203": ("思明区", {}), "350206": ("湖里区", {}), "350211": ("集美区", {})}),
            "350600": (
                "漳州市",
                {
                    "350602": ("芗城区", {}),
                    "350603": ("龙文区", {}),
                    "350604": ("龙海区", {}),
                    "350605": ("长泰区", {}),
                    "350623": ("漳浦县", {}),
                },
            ),
        },
    ),
    "440000": (
        "广东省",
        {
            "440100": ("广州市", {"440103": ("荔湾区", {}), "440104": ("越秀区", {}), "440106": ("天河区", {})}),
            "440300": ("深圳市", {"440303": ("罗湖区", {}), "440304": ("福田区", {}), "440305": ("南山区", {})}),
        },
    ),
    "110000": ("北京市", {"110100": ("市辖区", {"110101": ("东城区", {}), "110105": ("朝阳区", {})})}),
}

# 行业分类 (tree select, 门类 → 大类 → 小类, GB/T 4754-2017; a tree select posts the chosen node's code)
INDUSTRIES: Tree = {
    "F": (
        "批发和零售业",
        {
            "F51": ("批发业", {"F5121": ("米、面制品及食用油批发", {}), "F5127": ("茶叶批发", {})}),
            "F52": ("零售业", {"F5211": ("百货零售", {}), "F5225": ("茶叶零售", {}), "F5292": ("互联网零售", {})}),
        },
    ),
    "H": (
        "住宿和餐饮业",
        {
            "H61": ("住宿业", {"H6110": ("旅游饭店", {}), "H6121": ("经济型连锁酒店", {})}),
            "H62": ("餐饮业", {"H6210": ("正餐服务", {}), "H6220": ("快餐服务", {})}),
        },
    ),
    "I": (
        "信息传输、软件和信息技术服务业",
        {
            "I64": ("互联网和相关服务", {"I6421": ("互联网搜索服务", {}), "I6450": ("互联网数据服务", {})}),
            "I65": (
                "软件和信息技术服务业",
                {
                    "I6511": ("基础软件开发", {}),
                    "I6513": ("应用软件开发", {}),
                    "I6531": ("信息系统集成服务", {}),
                    "I6560": ("信息技术咨询服务", {}),
                },
            ),
        },
    ),
}

# 投资人国籍（地区）: ISO 3166-1 (GB/T 2659), 249 options — antd draws them in a virtual list
COUNTRIES: dict[str, str] = {
    "AW": "阿鲁巴",
    "AF": "阿富汗",
    "AO": "安哥拉",
    "AI": "安圭拉",
    "AX": "奥兰群岛",
    "AL": "阿尔巴尼亚",
    "AD": "安道尔",
    "AE": "阿拉伯联合酋长国",
    "AR": "阿根廷",
    "AM": "亚美尼亚",
    "AS": "美属萨摩亚",
    "AQ": "南极洲",
    "TF": "法属南部领地",
    "AG": "安提瓜和巴布达",
    "AU": "澳大利亚",
    "AT": "奥地利",
    "AZ": "阿塞拜疆",
    "BI": "布隆迪",
    "BE": "比利时",
    "BJ": "贝宁",
    "BQ": "荷属加勒比区",
    "BF": "布基纳法索",
    "BD": "孟加拉国",
    "BG": "保加利亚",
    "BH": "巴林",
    "BS": "巴哈马",
    "BA": "波斯尼亚和黑塞哥维那",
    "BL": "圣巴泰勒米",
    "BY": "白俄罗斯",
    "BZ": "伯利兹",
    "BM": "百慕大",
    "BO": "玻利维亚",
    "BR": "巴西",
    "BB": "巴巴多斯",
    "BN": "文莱",
    "BT": "不丹",
    "BV": "布韦岛",
    "BW": "博茨瓦纳",
    "CF": "中非共和国",
    "CA": "加拿大",
    "CC": "科科斯（基林）群岛",
    "CH": "瑞士",
    "CL": "智利",
    "CN": "中国",
    "CI": "科特迪瓦",
    "CM": "喀麦隆",
    "CD": "刚果（金）",
    "CG": "刚果（布）",
    "CK": "库克群岛",
    "CO": "哥伦比亚",
    "KM": "科摩罗",
    "CV": "佛得角",
    "CR": "哥斯达黎加",
    "CU": "古巴",
    "CW": "库拉索",
    "CX": "圣诞岛",
    "KY": "开曼群岛",
    "CY": "塞浦路斯",
    "CZ": "捷克",
    "DE": "德国",
    "DJ": "吉布提",
    "DM": "多米尼克",
    "DK": "丹麦",
    "DO": "多米尼加共和国",
    "DZ": "阿尔及利亚",
    "EC": "厄瓜多尔",
    "EG": "埃及",
    "ER": "厄立特里亚",
    "EH": "西撒哈拉",
    "ES": "西班牙",
    "EE": "爱沙尼亚",
    "ET": "埃塞俄比亚",
    "FI": "芬兰",
    "FJ": "斐济",
    "FK": "福克兰群岛",
    "FR": "法国",
    "FO": "法罗群岛",
    "FM": "密克罗尼西亚",
    "GA": "加蓬",
    "GB": "英国",
    "GE": "格鲁吉亚",
    "GG": "根西岛",
    "GH": "加纳",
    "GI": "直布罗陀",
    "GN": "几内亚",
    "GP": "瓜德罗普",
    "GM": "冈比亚",
    "GW": "几内亚比绍",
    "GQ": "赤道几内亚",
    "GR": "希腊",
    "GD": "格林纳达",
    "GL": "格陵兰",
    "GT": "危地马拉",
    "GF": "法属圭亚那",
    "GU": "关岛",
    "GY": "圭亚那",
    "HK": "中国香港",
    "HM": "赫德岛和麦克唐纳群岛",
    "HN": "洪都拉斯",
    "HR": "克罗地亚",
    "HT": "海地",
    "HU": "匈牙利",
    "ID": "印度尼西亚",
    "IM": "马恩岛",
    "IN": "印度",
    "IO": "英属印度洋领地",
    "IE": "爱尔兰",
    "IR": "伊朗",
    "IQ": "伊拉克",
    "IS": "冰岛",
    "IL": "以色列",
    "IT": "意大利",
    "JM": "牙买加",
    "JE": "泽西岛",
    "JO": "约旦",
    "JP": "日本",
    "KZ": "哈萨克斯坦",
    "KE": "肯尼亚",
    "KG": "吉尔吉斯斯坦",
    "KH": "柬埔寨",
    "KI": "基里巴斯",
    "KN": "圣基茨和尼维斯",
    "KR": "韩国",
    "KW": "科威特",
    "LA": "老挝",
    "LB": "黎巴嫩",
    "LR": "利比里亚",
    "LY": "利比亚",
    "LC": "圣卢西亚",
    "LI": "列支敦士登",
    "LK": "斯里兰卡",
    "LS": "莱索托",
    "LT": "立陶宛",
    "LU": "卢森堡",
    "LV": "拉脱维亚",
    "MO": "中国澳门",
    "MF": "法属圣马丁",
    "MA": "摩洛哥",
    "MC": "摩纳哥",
    "MD": "摩尔多瓦",
    "MG": "马达加斯加",
    "MV": "马尔代夫",
    "MX": "墨西哥",
    "MH": "马绍尔群岛",
    "MK": "北马其顿",
    "ML": "马里",
    "MT": "马耳他",
    "MM": "缅甸",
    "ME": "黑山",
    "MN": "蒙古",
    "MP": "北马里亚纳群岛",
    "MZ": "莫桑比克",
    "MR": "毛里塔尼亚",
    "MS": "蒙特塞拉特",
    "MQ": "马提尼克",
    "MU": "毛里求斯",
    "MW": "马拉维",
    "MY": "马来西亚",
    "YT": "马约特",
    "NA": "纳米比亚",
    "NC": "新喀里多尼亚",
    "NE": "尼日尔",
    "NF": "诺福克岛",
    "NG": "尼日利亚",
    "NI": "尼加拉瓜",
    "NU": "纽埃",
    "NL": "荷兰",
    "NO": "挪威",
    "NP": "尼泊尔",
    "NR": "瑙鲁",
    "NZ": "新西兰",
    "OM": "阿曼",
    "PK": "巴基斯坦",
    "PA": "巴拿马",
    "PN": "皮特凯恩群岛",
    "PE": "秘鲁",
    "PH": "菲律宾",
    "PW": "帕劳",
    "PG": "巴布亚新几内亚",
    "PL": "波兰",
    "PR": "波多黎各",
    "KP": "朝鲜",
    "PT": "葡萄牙",
    "PY": "巴拉圭",
    "PS": "巴勒斯坦领土",
    "PF": "法属波利尼西亚",
    "QA": "卡塔尔",
    "RE": "留尼汪",
    "RO": "罗马尼亚",
    "RU": "俄罗斯",
    "RW": "卢旺达",
    "SA": "沙特阿拉伯",
    "SD": "苏丹",
    "SN": "塞内加尔",
    "SG": "新加坡",
    "GS": "南乔治亚和南桑威奇群岛",
    "SH": "圣赫勒拿",
    "SJ": "斯瓦尔巴和扬马延",
    "SB": "所罗门群岛",
    "SL": "塞拉利昂",
    "SV": "萨尔瓦多",
    "SM": "圣马力诺",
    "SO": "索马里",
    "PM": "圣皮埃尔和密克隆群岛",
    "RS": "塞尔维亚",
    "SS": "南苏丹",
    "ST": "圣多美和普林西比",
    "SR": "苏里南",
    "SK": "斯洛伐克",
    "SI": "斯洛文尼亚",
    "SE": "瑞典",
    "SZ": "斯威士兰",
    "SX": "荷属圣马丁",
    "SC": "塞舌尔",
    "SY": "叙利亚",
    "TC": "特克斯和凯科斯群岛",
    "TD": "乍得",
    "TG": "多哥",
    "TH": "泰国",
    "TJ": "塔吉克斯坦",
    "TK": "托克劳",
    "TM": "土库曼斯坦",
    "TL": "东帝汶",
    "TO": "汤加",
    "TT": "特立尼达和多巴哥",
    "TN": "突尼斯",
    "TR": "土耳其",
    "TV": "图瓦卢",
    "TW": "中国台湾",
    "TZ": "坦桑尼亚",
    "UG": "乌干达",
    "UA": "乌克兰",
    "UM": "美国本土外小岛屿",
    "UY": "乌拉圭",
    "US": "美国",
    "UZ": "乌兹别克斯坦",
    "VA": "梵蒂冈",
    "VC": "圣文森特和格林纳丁斯",
    "VE": "委内瑞拉",
    "VG": "英属维尔京群岛",
    "VI": "美属维尔京群岛",
    "VN": "越南",
    "VU": "瓦努阿图",
    "WF": "瓦利斯和富图纳",
    "WS": "萨摩亚",
    "YE": "也门",
    "ZA": "南非",
    "ZM": "赞比亚",
    "ZW": "津巴布韦",
}


def tree_path(tree: Tree, codes: list[str]) -> list[str]:
    """The labels of a path of codes through ``tree`` (unknown codes as given)."""
    labels, level = [], tree
    for code in codes:
        label, level = level.get(code, (code, {}))
        labels.append(label)
    return labels


def tree_label(tree: Tree, code: str) -> str:
    """The label of ``code`` anywhere in ``tree`` (a tree select posts the leaf's code only)."""
    for key, (label, children) in tree.items():
        if key == code:
            return label
        found = tree_label(children, code)
        if found:
            return found
    return ""


def _antd_tree(tree: Tree) -> list[dict[str, Any]]:
    """``tree`` as antd's cascader options and tree select data take it: {value, label, children}."""
    return [
        {"value": code, "label": label, **({"children": _antd_tree(children)} if children else {})}
        for code, (label, children) in tree.items()
    ]


def page_options() -> dict[str, Any]:
    """Every option list the page draws, as antd's ``options`` props take them."""
    return {
        "companyTypes": pairs(COMPANY_TYPES),
        "licences": pairs(LICENCES),
        "authorities": pairs(AUTHORITIES),
        "taxOffices": pairs(TAX_OFFICES),
        "countries": pairs(COUNTRIES),
        "accounting": pairs(ACCOUNTING),
        "businessModes": pairs(BUSINESS_MODES),
        "matters": pairs(MATTERS),
        "departments": pairs(DEPARTMENTS, "key", "title"),
        "idTypes": pairs(ID_TYPES),
        "contribution": pairs(CONTRIBUTION),
        "regions": _antd_tree(REGIONS),
        "industries": _antd_tree(INDUSTRIES),
    }
