from stakeholders.selectors import public_pillar_figures


def home_figures():
    """Aggregate figures per pillar for the home page: never a person."""
    return public_pillar_figures()
