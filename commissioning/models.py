"""Commissioning models arrive with their issue."""
