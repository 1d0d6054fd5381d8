"""The benchmark harness (``make bench`` → ``python -m bench``); see docs/performance.md.

* bench/plans.py     plans of a given size, as interchange documents imported through the services
* bench/floors.py    the floors: a trivial view and one minimal page per plan page
* bench/harness.py   page discovery, measurement, the three targets, the table
* bench/documents.py (optional, another helper's) document rendering figures; see
  ``bench.__main__._documents_hook`` for the contract
"""
