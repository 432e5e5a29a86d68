"""next_number: gap-free numbers per scope, one at a time under a row lock."""

import threading
import time

import pytest
from django.db import connection, transaction

from core.models import NumberSequence
from core.numbers import next_number

pytestmark = pytest.mark.django_db


def test_numbers_count_up_from_one_in_each_scope():
    with transaction.atomic():
        assert [next_number("bid:kent:2026") for _ in range(3)] == [1, 2, 3]
        assert next_number("bid:kent:2027") == 1
        assert next_number("bid:kent:2026") == 4


def test_a_rolled_back_number_is_given_again_so_there_are_no_gaps():
    with transaction.atomic():
        next_number("decision:kent")
    taken = []

    def record_a_decision_that_fails():
        with transaction.atomic():
            taken.append(next_number("decision:kent"))
            raise RuntimeError("the decision was not recorded")

    with pytest.raises(RuntimeError):
        record_a_decision_that_fails()
    assert taken == [2]
    with transaction.atomic():
        assert next_number("decision:kent") == 2


def test_it_must_run_inside_the_transaction_that_uses_the_number():
    in_block, connection.in_atomic_block = connection.in_atomic_block, False
    try:
        with pytest.raises(transaction.TransactionManagementError):
            next_number("bid:kent:2026")
    finally:
        connection.in_atomic_block = in_block


@pytest.mark.django_db(transaction=True)
def test_callers_at_the_same_moment_get_different_numbers_in_a_new_scope():
    callers = 6
    start = threading.Barrier(callers)
    numbers = []

    def take():
        try:
            start.wait()
            with transaction.atomic():
                number = next_number("bid:dyfed-powys:2026")
                # Hold the lock a moment, so the others queue behind it.
                time.sleep(0.05)
            numbers.append(number)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(numbers) == list(range(1, callers + 1))
    assert NumberSequence.objects.get(scope="bid:dyfed-powys:2026").last == callers
