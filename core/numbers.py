"""Gap-free sequence numbers per scope, for bid references and decisions.

    number = next_number(f"bid:{body.slug}:{year.start}")   # 1, 2, 3... per body and year

Call it inside the transaction that uses the number: the scope's row stays locked until that
transaction ends, so two bids submitted at once get 41 and 42, never the same number, and a
transaction that rolls back gives its number back (the next one gets it), so there are no gaps.
The price is that bids of one scope are numbered one at a time; keep that transaction short.
"""

from django.db import connection, transaction


def next_number(scope: str) -> int:
    """The next number in `scope`, starting at 1. Must be called inside `transaction.atomic()`."""
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError(
            "next_number() must run inside the transaction that uses the number"
        )
    with connection.cursor() as cursor:
        # A new scope's row is created at 0 without an error if another transaction creates
        # it at the same moment (ON CONFLICT waits for that one, then does nothing) ...
        cursor.execute(
            "INSERT INTO core_numbersequence (scope, last) VALUES (%s, 0) "
            "ON CONFLICT (scope) DO NOTHING",
            [scope],
        )
        # ... then the row lock orders every caller of this scope: each reads the number the
        # previous one committed.
        cursor.execute("SELECT last FROM core_numbersequence WHERE scope = %s FOR UPDATE", [scope])
        (last,) = cursor.fetchone()
        cursor.execute(
            "UPDATE core_numbersequence SET last = %s WHERE scope = %s", [last + 1, scope]
        )
    return last + 1
