"""Database helpers for work that writes many rows at once."""

from django.db import DEFAULT_DB_ALIAS, connections, transaction


def constraints_check_immediately(using=None) -> None:
    """Check foreign keys row by row for the rest of this transaction.

    Call it first thing inside the `transaction.atomic()` of bulk work: seeding, imports,
    services that create thousands of rows (returns, instalments).

    Why: Django creates foreign keys DEFERRABLE INITIALLY DEFERRED, so PostgreSQL queues one
    pending check per inserted row until COMMIT; pghistory's per-row audit trigger runs in a
    subtransaction, and each one walks that growing queue, so a bulk insert into an audited
    table in one transaction slows down quadratically (seeding 1,000 providers took 2.0 s in
    the first batch and 11.7 s by the eighth; 50,000 did not finish in 16 minutes). Checked
    immediately, every batch costs the same (1.1 s per 1,000; 45,000 in 52 s).
    `manage.py seed_scale` prints each app's time (`--scale 10`, 50,000 providers: 45,000
    added in 3.5 minutes on a busy shared 2-core machine); tests/core/test_seed_scale.py
    checks that every app's seed runs this way.

    Only foreign keys: constraints declared deferred on purpose (plans' one-published-plan
    exclusion constraint, which a variation's publication overlaps for a moment) stay
    deferred.
    """
    connection = connections[using or DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError(
            "constraints_check_immediately() lasts for one transaction: call it inside atomic()"
        )
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.conname) FROM pg_constraint c "
            "JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE c.condeferrable AND c.condeferred AND c.contype <> 'f' "
            "AND n.nspname = current_schema()"
        )
        deferred = [name for (name,) in cursor.fetchall()]
        if deferred:
            # Names quoted by PostgreSQL's own quote_ident() above.
            cursor.execute(f"SET CONSTRAINTS {', '.join(deferred)} DEFERRED")
