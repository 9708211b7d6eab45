"""Authoring tools of the kit: the task manifest and the generators derived from it."""
