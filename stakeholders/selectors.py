from django.db.models import Count, Q

from .models import Organisation, Pillar


def public_pillar_figures():
    """Approved organisations per pillar: aggregate figures anyone may see, never a person."""
    return Pillar.objects.annotate(
        organisation_count=Count("organisations", filter=Q(organisations__status=Organisation.Status.APPROVED))
    ).order_by("order")
