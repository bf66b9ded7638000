"""The social-insurance bureau's own code lists (金保工程 indicator codes), code → label.

Input names follow the 金保工程 indicator set as real 社保 systems do (``aab004`` 单位名称,
``aab019`` 单位类型, ``aae140`` 险种类型 …); kept apart from the bot's lists on purpose.
"""

from __future__ import annotations

AAB019 = {  # 单位类型
    "10": "企业",
    "30": "事业单位",
    "50": "社会团体",
    "55": "民办非企业单位",
    "60": "个体工商户",
    "70": "机关",
    "90": "其他",
}

AAB021 = {  # 隶属关系 (GB/T 12404)
    "10": "中央",
    "20": "省",
    "40": "市、地区",
    "50": "区县",
    "60": "街道、镇、乡",
    "70": "居民委员会、村民委员会",
    "90": "其他",
}

AAE140 = {  # 险种类型
    "110": "企业职工基本养老保险",
    "210": "失业保险",
    "410": "工伤保险",
    "310": "职工基本医疗保险",
    "510": "生育保险",
}

RISK_CLASSES = ("一类", "二类", "三类", "四类", "五类", "六类", "七类", "八类")
