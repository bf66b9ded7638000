"""Runs and filings: states, the ledger, the engine, filing one item, starting runs, hand-offs, progress."""
