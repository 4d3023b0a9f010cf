"""Demo organisation and logins so a newcomer can sign in at once after `make run`."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from assessments.models import Membership, Organisation

DEMO_ORG_SLUG = "demo-manufacturing"
DEMO_ORG_NAME = "Hanbit Precision Manufacturing (demo)"
DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - published demo login for a local demo database only
DEMO_USERS = [
    ("manager", "demo-manager", Membership.Role.MANAGER),
    ("consultant", "demo-consultant", Membership.Role.CONSULTANT),
]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str


@transaction.atomic
def demo_setup() -> list[DemoLogin]:
    """Create (or reset the password of) the demo organisation and its users. Idempotent."""
    organisation, _ = Organisation.objects.get_or_create(slug=DEMO_ORG_SLUG, defaults={"name": DEMO_ORG_NAME})
    user_model = get_user_model()
    logins = []
    for role_label, username, role in DEMO_USERS:
        user, _ = user_model.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        Membership.objects.update_or_create(user=user, organisation=organisation, defaults={"role": role})
        logins.append(DemoLogin(role=role_label, username=username, password=DEMO_PASSWORD))
    return logins
