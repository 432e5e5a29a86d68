"""Providers models arrive with their issue."""
