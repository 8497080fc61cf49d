"""Every e-mail the portal sends goes through `send_templated_mail`, in the recipient's language.

A mail is three templates: templates/email/<name>.subject.txt, <name>.txt and <name>.html
(the html one is optional). Markup in names and texts is escaped by the template engine."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import TemplateDoesNotExist, render_to_string
from django.utils import translation


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def send_templated_mail(
    *,
    to: list[str] | str,
    template: str,
    context: dict,
    language: str,
    attachments: tuple[Attachment, ...] = (),
    reply_to: list[str] | None = None,
    once_key: str = "",
) -> bool:
    """Render and send. With `once_key`, a second call with the same key sends nothing and returns
    False (the key is recorded in the same transaction as the sending, so a failed send is retried)."""
    recipients = [to] if isinstance(to, str) else list(to)
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = " ".join(render_to_string(f"email/{template}.subject.txt", context).split())
        body = render_to_string(f"email/{template}.txt", context)
        try:
            html = render_to_string(f"email/{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=recipients,
        reply_to=reply_to,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    if not once_key:
        message.send()
        return True
    from .models import SentMail

    try:
        with transaction.atomic():
            SentMail.objects.create(key=once_key[:200])
            message.send()
    except IntegrityError:
        return False
    return True


def new_mail_id() -> str:
    """A fresh id for one notification, given to the task that sends it: the task may run twice,
    the mail goes once (each recipient's `once_key` is built from it)."""
    return uuid.uuid4().hex


def once_key(mail_id: str, recipient: str) -> str:
    return f"{mail_id}:{recipient}" if mail_id else ""
