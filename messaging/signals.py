"""Logging out closes that session's open sockets, so a shared computer's tab stops receiving
messages at once."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from . import events


@receiver(user_logged_out, dispatch_uid="messaging.close_sockets_on_logout")
def close_sockets_on_logout(sender, request, user, **kwargs):
    if user is None or request is None or not request.session.session_key:
        return
    events.send_now([user.pk], {"type": "messaging.logout", "session": request.session.session_key})
