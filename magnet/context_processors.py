from .navigation import items_for


def navigation(request):
    """The main navigation: each role sees what it may use and nothing else."""
    return {"nav_items": items_for(request.user, request.path)}
