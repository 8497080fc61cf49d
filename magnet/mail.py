"""Rendering of the portal's e-mails, in the recipient's language. Delivery is magnet/outbox.py's:
a notification is an outbox row first, and only the outbox sends (never twice, never lost).

A mail is three templates: templates/email/<name>.subject.txt, <name>.txt and <name>.html
(the html one is optional). Markup in names and texts is escaped by the template engine."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import TemplateDoesNotExist, render_to_string
from django.utils import translation


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def render_templated_mail(
    *,
    to: list[str] | str,
    template: str,
    context: dict,
    language: str,
    attachments: tuple[Attachment, ...] = (),
    reply_to: list[str] | None = None,
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    """Render one message (subject, text, optional html, attachments) ready to be sent."""
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
        headers=headers,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message
