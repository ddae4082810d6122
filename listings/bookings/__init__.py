"""Bookable spaces: rooms, opening hours, time slots and bookings without double booking."""
