"""Reports of an assessment: the data they show (data.py) and the exporters behind one registry (registry.py)."""

from assessments.reports import exporters  # noqa: F401  (registers every format)
