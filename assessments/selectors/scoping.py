"""The one place that decides what a user may see.

Every queryset a user reaches (pages, forms, API, exports, downloads, task status)
goes through `scope_to_user`: it filters any model that leads to an Organisation
through `ORGANISATION_PATH` down to the organisations the user is a member of.
Anything outside is simply not found (404), so its existence is never confirmed.
"""

from django.db.models import Model, QuerySet
from django.http import Http404

from assessments.models import (
    Assessment,
    AssessmentExchangeRate,
    BusinessFunction,
    FunctionAnswer,
    Membership,
    OptionScore,
    Organisation,
    PortfolioPlan,
    PortfolioRun,
    ProfileAnswer,
    Recommendation,
    ReportRun,
    ScoringRun,
    TcoRun,
    VendorQuote,
)

# model -> lookup path from that model to its Organisation. A new model a user reaches is added here;
# scope_to_user raises KeyError for one that is not, so nothing is served unscoped.
ORGANISATION_PATH: dict[type[Model], str] = {
    Organisation: "",
    Membership: "organisation",
    Assessment: "organisation",
    ProfileAnswer: "assessment__organisation",
    BusinessFunction: "assessment__organisation",
    FunctionAnswer: "function__assessment__organisation",
    ScoringRun: "assessment__organisation",
    OptionScore: "run__assessment__organisation",
    Recommendation: "run__assessment__organisation",
    TcoRun: "assessment__organisation",
    ReportRun: "assessment__organisation",
    PortfolioRun: "assessment__organisation",
    PortfolioPlan: "assessment__organisation",
    VendorQuote: "assessment__organisation",
    AssessmentExchangeRate: "assessment__organisation",
}

EDIT_ROLES = {Membership.Role.MANAGER, Membership.Role.CONSULTANT}


def scope_to_user(queryset: QuerySet, user) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    path = ORGANISATION_PATH[queryset.model]
    # The row's organisation id in the user's memberships (a subquery), not a join through Organisation
    # and Membership: no row can be duplicated, and the database does a join less (what that saves on the
    # scores page: docs/benchmarks.md, API throughput).
    member_of = Membership.objects.filter(user=user).values("organisation_id")
    return queryset.filter(**{f"{path}__in" if path else "pk__in": member_of})


def get_scoped_or_404(queryset: QuerySet, user, **lookup):
    try:
        return scope_to_user(queryset, user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"No {queryset.model._meta.verbose_name} found") from exc


def organisations_for(user) -> QuerySet[Organisation]:
    return scope_to_user(Organisation.objects.all(), user).order_by("name")


def role_for(user, organisation_id: int) -> str | None:
    """The user's role in an organisation, or None when not a member."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.filter(user=user, organisation_id=organisation_id).values_list("role", flat=True).first()
    )


def roles_by_organisation(user) -> dict[int, str]:
    if not getattr(user, "is_authenticated", False):
        return {}
    return dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
