"""Demo organisations and logins so a newcomer can sign in at once after `make run`.

Two organisations: a Korean manufacturer (data_demo.yaml; `demo_setup`) and a Korean mid-size
insurer with a regulated claims function and a Korean-language contact centre
(data_demo_insurer.yaml; `demo_insurer_setup`), each with its own manager and consultant.
"""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from assessments.models import Assessment, Membership, Organisation
from assessments.services import assessments as services
from outsourcing.models import Location, ServiceType

DEMO_FILE = Path(__file__).resolve().parents[1] / "data_demo.yaml"
INSURER_FILE = Path(__file__).resolve().parents[1] / "data_demo_insurer.yaml"

DEMO_ORG_SLUG = "demo-manufacturing"
DEMO_ORG_NAME = "Hanbit Precision Manufacturing (demo)"
DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - published demo login for a local demo database only
DEMO_USERS = [
    ("manager", "demo-manager", Membership.Role.MANAGER),
    ("consultant", "demo-consultant", Membership.Role.CONSULTANT),
]
INSURER_ORG_SLUG = "demo-insurance"
INSURER_ORG_NAME = "Hanul Mutual Insurance (demo)"
INSURER_USERS = [
    ("manager", "demo-insurer-manager", Membership.Role.MANAGER),
    ("consultant", "demo-insurer-consultant", Membership.Role.CONSULTANT),
]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str


def _organisation_with_logins(slug: str, name: str, users: list) -> tuple[Organisation, list[DemoLogin]]:
    organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
    user_model = get_user_model()
    logins = []
    for role_label, username, role in users:
        user, _ = user_model.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        Membership.objects.update_or_create(user=user, organisation=organisation, defaults={"role": role})
        logins.append(DemoLogin(role=role_label, username=username, password=DEMO_PASSWORD))
    return organisation, logins


@transaction.atomic
def demo_setup() -> list[DemoLogin]:
    """Create (or reset the password of) the demo manufacturer and its users. Idempotent."""
    organisation, logins = _organisation_with_logins(DEMO_ORG_SLUG, DEMO_ORG_NAME, DEMO_USERS)
    manager = get_user_model().objects.get(username=DEMO_USERS[0][1])
    if not Assessment.objects.filter(organisation=organisation).exists():
        demo_assessment_create(organisation=organisation, user=manager)
    return logins


@transaction.atomic
def demo_insurer_setup() -> list[DemoLogin]:
    """Create (or reset the password of) the demo insurer and its users. Idempotent."""
    organisation, logins = _organisation_with_logins(INSURER_ORG_SLUG, INSURER_ORG_NAME, INSURER_USERS)
    manager = get_user_model().objects.get(username=INSURER_USERS[0][1])
    if not Assessment.objects.filter(organisation=organisation).exists():
        demo_assessment_create(organisation=organisation, user=manager, spec_file=INSURER_FILE)
    return logins


def demo_assessment_create(*, organisation: Organisation, user, spec_file: Path = DEMO_FILE) -> Assessment:
    """A submitted demo assessment from a data file, built through the same services as the questionnaire."""
    spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
    locations = {loc.iso2: loc for loc in Location.objects.all()}
    assessment = services.assessment_create(
        organisation_id=organisation.pk,
        user=user,
        fields={
            "name": spec["name"],
            "home_country": locations[spec["home_country"]],
            "currency": spec["currency"],
            "horizon_years": spec["horizon_years"],
            "discount_rate_pct": Decimal(spec["discount_rate_pct"]),
        },
    )
    services.assessment_update_profile(
        assessment=assessment,
        user=user,
        fields={"required_languages": spec["required_languages"], "excluded_regions": spec["excluded_regions"]},
        excluded_locations=[locations[code] for code in spec["excluded_locations"]],
        answers=spec["profile"],
    )
    service_types = {st.code: st for st in ServiceType.objects.all()}
    for row in spec["functions"]:
        function = services.function_save(
            assessment=assessment,
            user=user,
            function=None,
            fields={
                "name": row["name"],
                "service_type": service_types[row["service_type"]],
                "fte": Decimal(str(row["fte"])),
                "salary_per_fte": Decimal(str(row["salary"])),
                "overhead_pct": Decimal(str(row["overhead"])),
                "facilities_cost": Decimal(str(row["facilities"])),
                "it_cost": Decimal(str(row["it"])),
            },
        )
        services.function_answers_save(assessment=assessment, user=user, function=function, answers=row["answers"])
        if row.get("limits"):
            services.function_limits_save(assessment=assessment, user=user, function=function, limits=row["limits"])
    return services.assessment_submit(assessment=assessment, user=user)
