"""Communities: circles and newcomer communities, their members, board and group chat."""
