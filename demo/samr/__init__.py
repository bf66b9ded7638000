"""samr-registration: 市场监管局 · 企业开办“一网通办” · 企业设立登记（有限责任公司） (demo portal)."""
