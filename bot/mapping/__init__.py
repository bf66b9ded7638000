"""Item mappings (each site field ← an expression over the application and outputs) and bundles (the DAG)."""
