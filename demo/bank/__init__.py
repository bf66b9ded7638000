"""bank-account: 银行 · 企业开户预约 (demo portal)."""
