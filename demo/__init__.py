"""The demo government portals: six small local web apps standing in for the real ones.

They are "the other side of the wire": nothing here imports from ``bot/`` (and ``bot/``
imports nothing from here), so a validator or code list shared by both cannot hide its
own bugs. ``python -m demo`` starts all six; :mod:`demo.core` is what they share;
:mod:`demo.portals` lists them.
"""
