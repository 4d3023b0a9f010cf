"""The TCO costs what the scoring may recommend: the recommendation and its runner-up always, an excluded
option never."""

from assessments.models import Recommendation
from assessments.selectors.tco_inputs import tco_inputs
from assessments.services.scoring import assessment_score
from outsourcing.models import ServiceType
from tests.factories import AssessmentFactory, BusinessFunctionFactory, answer_all, complete_profile


def test_excluded_options_are_never_costed_and_the_recommendation_always_is(org_a):
    assessment = AssessmentFactory(organisation=org_a)
    complete_profile(assessment)
    maintenance = ServiceType.objects.get(code="application-development-maintenance")
    limited = BusinessFunctionFactory(assessment=assessment, service_type=maintenance, excluded_countries=["IN", "PK"],
                                      required_languages=["English"])  # fmt: skip
    answer_all(limited, value=2)
    at_home = BusinessFunctionFactory(assessment=assessment, data_residency="home")
    answer_all(at_home)
    run = assessment_score(assessment=assessment)
    inputs = tco_inputs(assessment, scoring_run=run)
    costed = {(fid, oid) for fid, oid in inputs["pairs"]}
    assert not {oid for fid, oid in costed if fid == limited.pk and oid.endswith(("|IN", "|PK", "|JP", "|CN"))}
    assert all(oid.endswith("|KR") for fid, oid in costed if fid == at_home.pk)
    for rec in Recommendation.objects.filter(run=run):
        assert (rec.function_id, rec.recommended_option_id) in costed
        if rec.runner_up_option_id:
            assert (rec.function_id, rec.runner_up_option_id) in costed
