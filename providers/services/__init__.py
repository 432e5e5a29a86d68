"""Writes and rules for providers (docs/architecture.md), one module per entity:
`accounts`, `organisations`, `members` (invitations and join requests too), `documents`."""
