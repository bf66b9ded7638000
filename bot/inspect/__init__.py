"""Maintainer tools: list a live form's fields as fill_form finds them (``bot inspect``), scaffold an item's
mapping and recipe from the listing (``--scaffold``), and catch a portal's drift from its recipe (``bot drift``).

listing.py + pagejs.py   the page's fields by section, checked against fill_form's own lookup
model.py                 what an inspection found (plain data, JSON)
browser.py               a page to inspect, after login steps from a recipe snippet
picture.py               the page's picture with every field numbered
report.py                the listing for a person (Chinese) and for scripts (JSON)
"""
