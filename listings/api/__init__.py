"""The read-only JSON API under /api/v1/ (DESIGN.md, "[contract] JSON API under /api/v1/").

Listings and the category tree, anonymous for published listings; errors are JSON with a 4xx
status in one shape (``errors.py``); the OpenAPI schema is served at /api/v1/openapi.json.
"""
