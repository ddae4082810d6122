""" "I'd like this" for items and skills: requests, the owner's choice, fulfilled exchanges."""
