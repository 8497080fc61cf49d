def seed(stdout):
    """Idempotent demo data for this app (called by `manage.py seed_demo`)."""
