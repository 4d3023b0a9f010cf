"""factory_boy factories. Catalogue rows come from the `catalogue` fixture (the shipped data)."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from assessments.models import Assessment, BusinessFunction, FunctionAnswer, Membership, Organisation
from outsourcing.models import Location, Question, ServiceType

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MANAGER


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Assessment {n}")
    home_country = factory.LazyFunction(lambda: Location.objects.get(iso2="KR"))
    currency = "KRW"


class BusinessFunctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessFunction

    assessment = factory.SubFactory(AssessmentFactory)
    name = factory.Sequence(lambda n: f"Function {n}")
    service_type = factory.LazyFunction(lambda: ServiceType.objects.get(code="payroll"))
    fte = Decimal("10")
    salary_per_fte = Decimal("50000000")
    overhead_pct = Decimal("30")
    facilities_cost = Decimal("10000000")
    it_cost = Decimal("5000000")


def answer_all(function: BusinessFunction, value: int = 3) -> None:
    """Answer every function question that applies at `value` (3 triggers no follow-up)."""
    category = function.service_type.category.code
    rows = [
        FunctionAnswer(function=function, question=q, value=value)
        for q in Question.objects.filter(scope=Question.Scope.FUNCTION, condition={})
        if not q.categories or category in q.categories
    ]
    FunctionAnswer.objects.bulk_create(rows)


def complete_profile(assessment: Assessment, value: int = 3) -> None:
    from assessments.models import ProfileAnswer

    ProfileAnswer.objects.bulk_create(
        [ProfileAnswer(assessment=assessment, question=q, value=value)
         for q in Question.objects.filter(scope=Question.Scope.PROFILE)]
    )  # fmt: skip


def complete_assessment(organisation, functions: int = 2, *, names=(), **fields) -> Assessment:
    """A draft ready to submit: the profile answered and `functions` functions with every question answered
    (named from `names` first)."""
    assessment = AssessmentFactory(organisation=organisation, **fields)
    complete_profile(assessment)
    for index in range(functions):
        extra = {"name": names[index]} if index < len(names) else {}
        answer_all(BusinessFunctionFactory(assessment=assessment, **extra))
    return assessment
