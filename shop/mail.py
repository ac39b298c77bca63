"""E-mail leaves the request through the task queue.

``CeleryEmailBackend`` is Django's ``EMAIL_BACKEND``: it turns each message into plain
data and enqueues ``shop.tasks.email_send`` once the surrounding transaction commits (an
order that rolls back sends nothing). The worker rebuilds the message and hands it to
``CELERY_EMAIL_BACKEND`` (SMTP in production), retrying with backoff when the mail
server does not answer. django-celery-email does this too but has not been released
since 2019 and does not declare support for Django 5, hence these few lines.
"""

import base64
from email import encoders
from email.mime.base import MIMEBase

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend


def email_to_data(*, message: EmailMessage) -> dict:
    """A JSON-serialisable copy of ``message``, enough to send it again elsewhere."""
    attachments = []
    for attachment in message.attachments:
        content_id = ""
        if isinstance(attachment, MIMEBase):
            filename = attachment.get_filename()
            content = attachment.get_payload(decode=True)
            mimetype = attachment.get_content_type()
            # An inline picture (<img src="cid:…">) must keep its Content-ID.
            content_id = attachment.get("Content-ID", "")
        else:
            filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append(
            {
                "filename": filename,
                "content": base64.b64encode(content).decode("ascii"),
                "mimetype": mimetype,
                "content_id": content_id,
            }
        )
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [
            [str(content), mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def email_from_data(*, data: dict) -> EmailMultiAlternatives:
    """The message that ``email_to_data`` described."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(alt) for alt in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    for attachment in data["attachments"]:
        content = base64.b64decode(attachment["content"])
        if attachment.get("content_id"):
            message.attach(_inline_part(attachment, content))
            # The HTML and its pictures belong together: multipart/related.
            message.mixed_subtype = "related"
        else:
            message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def _inline_part(attachment: dict, content: bytes) -> MIMEBase:
    maintype, _slash, subtype = attachment["mimetype"].partition("/")
    part = MIMEBase(maintype, subtype or "octet-stream")
    part.set_payload(content)
    encoders.encode_base64(part)
    part.add_header("Content-ID", attachment["content_id"])
    part.add_header("Content-Disposition", "inline", filename=attachment["filename"])
    return part


class CeleryEmailBackend(BaseEmailBackend):
    """Enqueue every message; the worker sends it through CELERY_EMAIL_BACKEND."""

    def send_messages(self, email_messages):
        from shop.tasks import email_send

        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            email_send.delay_on_commit(email_to_data(message=message))
            count += 1
        return count
