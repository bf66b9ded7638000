"""bank-account: 中国建设银行 · 企业网上开户预约 (demo portal)."""
