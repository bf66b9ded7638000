"""The portal's own code lists (企业类型, 证件类型, 出资方式, 职务, …).

Kept here, not shared with the bot: the portal is the other side of the wire. Each list
maps the value a control posts to the label it shows; the portal offers more options
than the bot's mapping uses, as the real one does.
"""

from __future__ import annotations

ENT_TYPES: dict[str, str] = {
    "1100": "有限责任公司",
    "1130": "有限责任公司（自然人投资或控股）",
    "1151": "有限责任公司（自然人独资）",
    "1140": "有限责任公司（国有控股）",
    "1110": "有限责任公司（国有独资）",
    "1190": "有限责任公司（其他）",
}
SOLE_PROPRIETOR_TYPE = "1151"

ORG_FORMS: dict[str, str] = {"有限公司": "有限公司", "有限责任公司": "有限责任公司", "股份有限公司": "股份有限公司"}
LLC_ORG_FORMS = ("有限公司", "有限责任公司")

CER_TYPES: dict[str, str] = {
    "10": "居民身份证",
    "14": "中国护照",
    "16": "港澳居民来往内地通行证",
    "17": "台湾居民来往大陆通行证",
    "19": "外国（地区）护照",
}
RESIDENT_ID = "10"

CON_FORMS: dict[str, str] = {
    "1": "货币",
    "2": "实物",
    "3": "知识产权",
    "4": "土地使用权",
    "5": "股权",
    "6": "债权",
}

POSITIONS: dict[str, str] = {
    "02": "执行董事",
    "01": "董事长",
    "03": "经理",
    "04": "执行董事兼经理",
    "05": "董事长兼经理",
}

LICENCE_WAYS: dict[str, str] = {"1": "电子营业执照", "2": "邮寄纸质执照"}
LICENCE_MAIL = "2"

TERM_LONG = "1"
TERM_YEARS = "2"
