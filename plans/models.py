"""Plans models arrive with their issue."""
