"""hrss-insurance: 人力资源和社会保障局 · 单位网厅 · 社会保险单位参保登记 (demo portal)."""
