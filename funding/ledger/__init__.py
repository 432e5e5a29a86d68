"""Budgets and the ledger that says, for every budget, what there is, what is promised and
what is paid (docs/domain.md, "Funding"; docs/rules.md).

- `funding.ledger.models`: budgets, their funding lines and partners' contributions,
  commitments, virements and the append-only ledger entries, with the database rules that
  refuse an overspend whoever writes.
- `funding.ledger.services`: the one way to write entries (reserve, commit, release, pay,
  decommit, recover, virements, what finance officers record by hand).
- `funding.ledger.selectors`: reads scoped to the person, and the figures the pages show.
"""
