"""The documents benchmark formats its result (its plans are the page benchmark's: tests/test_bench.py)."""

from __future__ import annotations

from bench import documents as bench


def test_the_table_shows_every_size_and_the_targets():
    row = {"pages": 18, "end_to_end_seconds": 1.0, "end_to_end_wall_seconds": 1.1, "floor_seconds": 0.95,
           "floor_wall_seconds": 1.0, "factor": 1.05, "seconds_per_page": 0.056, "peak_memory_mb": 120,
           "baseline_memory_mb": 60}
    result = {"kind": "plan", "mode": "eager (in process)", "clock": "process CPU time", "repeat": 2,
              "targets": {"met": {"within_floor_factor": True, "time_per_page_flat": False}},
              "rows": [{**row, "interventions": 10}, {**row, "interventions": 100, "seconds_per_added_page": 0.09}]}
    text = bench.table(result)
    assert "| 10 | 18 | 1.00 (1.10) | 0.95 (1.00) | 1.05 | 0.056 | – | 120 | 60 |" in text
    assert "| 100 | 18 |" in text and "| 0.090 |" in text
    assert "within_floor_factor met" in text and "time_per_page_flat MISSED" in text
