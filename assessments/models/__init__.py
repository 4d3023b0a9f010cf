from assessments.models.assessment import Assessment, BusinessFunction, DataResidency, FunctionAnswer, ProfileAnswer
from assessments.models.costs import AssessmentExchangeRate, VendorQuote
from assessments.models.portfolio import PortfolioPlan, PortfolioRun
from assessments.models.reports import ReportRun
from assessments.models.scoring import OptionScore, Recommendation, RiskOverride, ScoringRun
from assessments.models.tco import TcoRun
from assessments.models.tenancy import Membership, Organisation

__all__ = [
    "Assessment",
    "AssessmentExchangeRate",
    "BusinessFunction",
    "DataResidency",
    "FunctionAnswer",
    "Membership",
    "OptionScore",
    "PortfolioPlan",
    "PortfolioRun",
    "Organisation",
    "ProfileAnswer",
    "Recommendation",
    "ReportRun",
    "RiskOverride",
    "ScoringRun",
    "TcoRun",
    "VendorQuote",
]
