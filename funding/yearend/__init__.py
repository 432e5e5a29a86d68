"""The year end: a finance officer closes a body's financial year; its budgets' unspent money
carries forward to the next year's budgets or goes back to the funder, as ledger entries
(docs/rules.md, "The year end"; docs/adr/0024).

- `funding.yearend.selectors`: each budget's plan (unspent, carried, returned), read the same
  way by the page and, with the rows locked, by the service.
- `funding.yearend.services`: closing, carry-forward agreements, adjustments. They call the
  ledger (funding.ledger.services); the ledger never calls them.
"""
