from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_account_deleted_email(*, email: str, language: str) -> None:
    """Tell a former resident that their account and personal data are gone."""
    with translation.override(language):
        subject = render_to_string("accounts/email/account_deleted_subject.txt").strip()
        body = render_to_string("accounts/email/account_deleted_message.txt")
    send_mail(subject, body, None, [email])
