"""Thin Celery tasks: take ids, call a service. Each is idempotent (see the service docstrings)."""

from celery import shared_task

from . import services


@shared_task(name="meetings.tasks.send_invitations", autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_invitations(meeting_id: int) -> int:
    """Send one batch of a meeting's unsent invitations, then queue the next batch if any remain."""
    sent = services.send_invitation_batch(meeting_id=meeting_id)
    if sent and services.unsent_invitations_remain(meeting_id=meeting_id):
        send_invitations.delay(meeting_id)
    return sent


@shared_task(name="meetings.tasks.send_meeting_updates", autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_meeting_updates(meeting_id: int) -> int:
    sent = services.send_meeting_update_batch(meeting_id=meeting_id)
    if sent == services.INVITATION_BATCH_SIZE:
        send_meeting_updates.delay(meeting_id)
    return sent


@shared_task(name="meetings.tasks.send_promotion_notice", autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_promotion_notice(invitation_id: int, mail_id: str = "") -> bool:
    return services.send_promotion(invitation_id=invitation_id, mail_id=mail_id)


@shared_task(name="meetings.tasks.send_answer_confirmation", autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_answer_confirmation(invitation_id: int, mail_id: str = "") -> bool:
    return services.send_answer_confirmation(invitation_id=invitation_id, mail_id=mail_id)


@shared_task(name="meetings.tasks.send_due_reminders")
def send_due_reminders() -> int:
    """Hourly (celery beat): reminders that are due; never twice to the same invitee."""
    return services.send_due_reminders()


@shared_task(name="meetings.tasks.render_printout", bind=True, max_retries=2)
def render_printout(self, printout_id: int) -> None:
    try:
        services.render_printout_now(printout_id=printout_id)
    except Exception as exc:
        services.record_printout_failure(printout_id=printout_id, error=repr(exc))
        raise
