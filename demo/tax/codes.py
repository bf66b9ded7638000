"""The tax bureau's own code lists (代码表): what each combo box offers, code → label.

Kept here, not shared with the bot: the portal posts codes, the bot picks labels, and a
mismatch between the two must show up as a test failure, not be hidden by a shared list.
"""

from __future__ import annotations

HSFS = {"1": "独立核算", "2": "非独立核算"}  # 核算方式

KJZD = {  # 会计制度（准则）
    "101": "企业会计准则",
    "102": "小企业会计准则",
    "103": "企业会计制度",
    "201": "民间非营利组织会计制度",
    "202": "农民专业合作社财务会计制度（试行）",
    "203": "村集体经济组织会计制度",
    "301": "政府会计准则制度",
}

DZYHP = {"1": "一次摊销法", "2": "五五摊销法", "3": "分次摊销法", "9": "其他"}  # 低值易耗品摊销方法

ZJFF = {"1": "年限平均法", "2": "工作量法", "3": "双倍余额递减法", "4": "年数总和法", "9": "其他"}  # 折旧方法

CBHSFF = {"1": "品种法", "2": "分批法", "3": "分步法", "4": "分类法", "5": "定额法", "9": "其他"}  # 成本核算方法

BBBSQX = {"1": "按月", "2": "按季", "3": "按半年", "4": "按年"}  # 会计报表报送期限

FPZL = {  # 发票种类
    "004": "增值税专用发票",
    "007": "增值税普通发票",
    "026": "增值税电子普通发票",
    "028": "增值税电子专用发票",
    "005": "机动车销售统一发票",
}

DFZGXE = {  # 单份最高开票限额（元）
    "1000": "一千元",
    "10000": "一万元",
    "100000": "十万元",
    "1000000": "一百万元",
    "10000000": "一千万元",
}

# 新办纳税人首次申领：单份最高开票限额不超过十万元，每月最高领用数量不超过25份。
NEW_TAXPAYER_MAX_LIMIT = 100000
NEW_TAXPAYER_MAX_COUNT = 25
