"""How this package's notifications read (`accounts.notifications.presents`); imported from
ListingsConfig.ready."""
