from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Transition


def refuse(message, code="invalid_transition"):
    raise ValidationError(message, code=code)


def record_transition(*, actor, from_state: str, to_state: str, comment: str = "", field_report=None,
                      periodic_report=None) -> Transition:
    transition = Transition(
        field_report=field_report,
        periodic_report=periodic_report,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
    )
    transition.full_clean()
    transition.save()
    return transition


NOT_ALLOWED = _("You may not do this.")
