"""The seal system's own code lists: option value (the code posted) → label (what is shown).

Kept here, not shared with the bot: the bot must pick options by their labels.
"""

from __future__ import annotations

ID_TYPES: dict[str, str] = {
    "111": "居民身份证",
    "414": "普通护照",
    "516": "港澳居民来往内地通行证",
    "511": "台湾居民来往大陆通行证",
    "553": "外国人永久居留身份证",
}
RESIDENT_ID = "111"

SEAL_KINDS: dict[str, str] = {
    "01": "单位专用章",
    "02": "财务专用章",
    "03": "发票专用章",
    "04": "合同专用章",
    "05": "法定代表人名章",
    "06": "业务专用章",
    "99": "其他印章",
}
OFFICIAL_SEAL = "01"

MATERIALS: dict[str, str] = {
    "1": "铜",
    "2": "光敏",
    "3": "原子",
    "4": "橡胶",
    "5": "钢",
    "6": "有机玻璃",
}

REASONS: dict[str, str] = {"1": "新刻", "2": "更换", "3": "补刻"}
NEW_SEAL = "1"

# The three attachments: hidden input name → label.
ATTACHMENTS: dict[str, str] = {
    "yyzzfj": "营业执照",
    "fddbrsfzfj": "法定代表人身份证",
    "jbrsfzfj": "经办人身份证",
}
