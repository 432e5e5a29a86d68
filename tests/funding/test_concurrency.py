"""Two people import the same new table of one stream at the same moment."""

import contextlib
import threading

import pytest
from django.db import connection

from funding import importing, services
from funding.importing import Options
from funding.models import Allocation
from funding.rules import CommandLine
from funding.tables import read_table
from tests.funding.factories import YEAR, csv_bytes, stream
from tests.funding.test_import_service import national_rows


@pytest.mark.django_db(transaction=True)
def test_the_second_of_two_simultaneous_imports_finds_the_first_ones_allocations(monkeypatch):
    table = read_table(csv_bytes(national_rows()))
    start = threading.Barrier(2)
    # Hold each import just after it has read the table and before it compares and writes,
    # so that without the stream's lock both would find nothing stored and both insert the
    # same 43 lines (and one fail on the unique constraint). With it, the second waits for
    # the first to commit, this wait times out, and the second finds everything unchanged.
    parsed = threading.Barrier(2, timeout=1)
    parse = importing.table_parse

    def parse_then_wait(*args, **kwargs):
        result = parse(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            parsed.wait()
        return result

    monkeypatch.setattr(importing, "table_parse", parse_then_wait)
    outcomes = []

    def run():
        try:
            start.wait()
            preview = services.allocations_import(
                by=CommandLine(), stream=stream(), table=table, options=Options(year=YEAR)
            )
            outcomes.append(len(preview.changes))
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == [0, 43]
    assert Allocation.objects.count() == 43
