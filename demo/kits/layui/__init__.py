"""bed-layui: a 企业开办 form built from layui 2.x as layui government portals draw it (see app.py)."""
