"""Thin views over ``communities.services``: the directory, a community's page, its
management, membership and board. Re-exported here for ``communities.urls``."""

from .board import board, delete_post, post, reply, report_post
from .members import approve, decline, join, leave, make_organiser, members, remove
from .pages import create, detail, edit, index

__all__ = [
    "approve",
    "board",
    "create",
    "decline",
    "delete_post",
    "detail",
    "edit",
    "index",
    "join",
    "leave",
    "make_organiser",
    "members",
    "post",
    "remove",
    "reply",
    "report_post",
]
