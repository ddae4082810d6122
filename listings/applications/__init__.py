"""Applications to activities: capacity, questions, waitlist, the organiser's list."""
