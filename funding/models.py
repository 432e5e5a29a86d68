"""Funding models arrive with their issue."""
