from assessments.models.assessment import Assessment, BusinessFunction, FunctionAnswer, ProfileAnswer
from assessments.models.tenancy import Membership, Organisation

__all__ = ["Assessment", "BusinessFunction", "FunctionAnswer", "Membership", "Organisation", "ProfileAnswer"]
