"""hpf-deposit: 住房公积金管理中心 · 单位缴存登记 (demo portal)."""
