"""psb-seal: 公安局 · 印章治安管理信息系统 · 印章刻制备案 (demo portal)."""
