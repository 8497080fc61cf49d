"""Sending notifications in a test the way the worker does after the commit."""

from magnet import outbox
from magnet.models import OutboxMail


def send_pending(*mails: OutboxMail) -> int:
    """Write these outbox rows (if any), then send every row still to be sent, at once."""
    for mail in mails:
        mail.save()
    return outbox.send_batch(list(OutboxMail.objects.filter(state=OutboxMail.State.PENDING).values_list("pk", flat=True)))
