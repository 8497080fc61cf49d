"""Every e-mail the portal sends goes through `send_templated_mail`, in the recipient's language.

A mail is two templates: templates/email/<name>.subject.txt and <name>.txt. `render_mail` adds the
one signature and builds the HTML part from the same text (escaped, links made clickable) in
templates/email/layout.html, so both parts always say the same thing. allauth's mails go through
`layout_mail` as well (magnet/accounts.py)."""

import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import urlize
from django.utils.safestring import mark_safe

LINK_STYLE = "color:#0b4f8a;text-decoration:underline"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def render_mail(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of templates/email/<template>, rendered in `language`."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = " ".join(render_to_string(f"email/{template}.subject.txt", context).split())
        text = render_to_string(f"email/{template}.txt", context)
        return (subject, *layout_mail(subject, text))


def layout_mail(subject: str, text: str) -> tuple[str, str]:
    """The body and the one signature as plain text and as HTML, in the active language."""
    text = re.sub(r"\n{3,}", "\n\n", text.strip())
    signature = render_to_string("email/signature.txt", {"site_url": settings.SITE_URL}).strip()
    html = render_to_string(
        "email/layout.html",
        {
            "subject": subject,
            "paragraphs": _html_paragraphs(text),
            "signature": _html_paragraphs(signature),
            "LANGUAGE_CODE": translation.get_language(),
        },
    )
    return f"{text}\n\n-- \n{signature}\n", html


def _html_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs as escaped HTML with clickable links; the layout's CSS keeps
    line breaks and indentation (pre-wrap), so an agenda reads as it does in the plain part."""
    blocks = (block.strip("\n") for block in re.split(r"\n[ \t]*\n", text) if block.strip())
    # urlize escapes everything it does not turn into a link
    return [mark_safe(urlize(b, autoescape=True).replace("<a ", f'<a style="{LINK_STYLE}" ')) for b in blocks]  # noqa: S308


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
    subject, text, html = render_mail(template, context, language)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        to=recipients,
        reply_to=reply_to,
    )
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
