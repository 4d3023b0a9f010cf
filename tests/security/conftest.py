# The two-organisation fixtures of the assessment tests, shared here.
from tests.assessments.conftest import (  # noqa: F401
    assessment_a,
    assessment_b,
    consultant_a,
    function_a,
    manager_a,
    org_a,
    org_b,
    viewer_a,
)
