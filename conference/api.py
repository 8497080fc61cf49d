def register(router):
    """Register this app's viewsets on magnet's API router."""
