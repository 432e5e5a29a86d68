"""Grants models arrive with their issue."""
