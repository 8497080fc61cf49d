"""Rendering of the portal's e-mails, in the recipient's language. Delivery is magnet/outbox.py's:
a notification is an outbox row first, and only the outbox sends (never twice, never lost).

A mail is two templates: templates/email/<name>.subject.txt and <name>.txt. `render_mail` adds the
one signature and builds the HTML part from the same text (escaped, links made clickable) in
templates/email/layout.html, so both parts always say the same thing. allauth's mails go through
`layout_mail` as well (magnet/accounts.py)."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
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
    subject, text, html = render_mail(template, context, language)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        to=recipients,
        reply_to=reply_to,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message
