"""How community notifications read (`accounts.notifications.presents`)."""
