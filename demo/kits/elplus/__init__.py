"""bed-elplus: the Element Plus test bed (app.py)."""
