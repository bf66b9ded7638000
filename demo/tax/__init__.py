"""tax-registration: 电子税务局 · 新办纳税人“套餐” (demo portal)."""
