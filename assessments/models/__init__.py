from assessments.models.assessment import Assessment, BusinessFunction, FunctionAnswer, ProfileAnswer
from assessments.models.costs import AssessmentExchangeRate, VendorQuote
from assessments.models.reports import ReportRun
from assessments.models.scoring import OptionScore, Recommendation, ScoringRun
from assessments.models.tco import TcoRun
from assessments.models.tenancy import Membership, Organisation

__all__ = [
    "Assessment",
    "AssessmentExchangeRate",
    "BusinessFunction",
    "FunctionAnswer",
    "Membership",
    "OptionScore",
    "Organisation",
    "ProfileAnswer",
    "Recommendation",
    "ReportRun",
    "ScoringRun",
    "TcoRun",
    "VendorQuote",
]
