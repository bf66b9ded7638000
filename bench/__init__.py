"""Benchmarks: scripts that measure, print and never assert on wall time (see bench/README.md)."""
