"""Writes and rules for providers (STYLE.md), one module per entity:
`accounts`, `organisations`, `members` (invitations and join requests too), `documents`."""
