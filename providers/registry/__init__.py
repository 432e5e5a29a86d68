"""The national provider registry: office staff of every body search providers, open their
page, record verifications (seen by every body) and keep notes (seen only by their own body).

docs/roles.md: the registry is a deliberate exception to body scoping, except notes.
"""
