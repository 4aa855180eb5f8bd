"""Regenerate the kept answers: ``python -m tests.golden`` from the top of the checkout."""

from tests.golden import runs, write_all

write_all()
print(f"wrote the answers for {len(runs())} runs")
