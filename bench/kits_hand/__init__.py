"""Path B of bench/kits.py: one hand-written filing per library bed, ``<short>.py`` defining
``file(browser, base_url, f, account) -> receipt``.

Each is what an expert writes for that one page: locators written for its markup, the values the
mapping gives (``f``: section → label → value, computed before the clock), the same typing, calendar
paging and option clicks the page needs (those the bed's kit does), and nothing the product adds: no
field finding by label, no read-back, no screenshots, no recipe to interpret.
"""
