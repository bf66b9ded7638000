"""Scale-out: the queue, the Celery worker, and the ledger's migrations."""
