"""Listing pages: `browse` for what anyone can see, `manage` for a resident's own listings."""
