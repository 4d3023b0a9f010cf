from django import template
from django.utils.translation import get_language

from outsourcing.domain.place_names import language_name, region_name

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or None."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def role_label(role: str | None) -> str:
    """The translated name of a membership role code."""
    from assessments.models import Membership

    return Membership.Role(role).label if role in Membership.Role.values else ""


@register.filter
def compact_money(value, currency: str) -> str:
    """An amount rounded for reading, in the active language: '13.5 bn KRW', '135억 원'."""
    from assessments.selectors.tco_display import compact_money as compact

    return compact(value, currency)


@register.filter
def region_names(names) -> str:
    """Stored UN M49 sub-region names, shown in the interface language, comma-separated."""
    language = get_language() or "en"
    return ", ".join(region_name(name, language) for name in names or [])


@register.filter
def language_names(names) -> str:
    """Stored business-language names, shown in the interface language, comma-separated."""
    language = get_language() or "en"
    return ", ".join(language_name(name, language) for name in names or [])


@register.simple_tag(takes_context=True)
def is_consultant_of(context, user, assessment) -> bool:
    """Whether the user is a consultant of the assessment's organisation (the Weights and Assumptions links).

    A page that already looked it up passes `is_consultant`; the menu does not ask the database again."""
    from assessments.models import Membership
    from assessments.selectors.scoping import role_for

    if isinstance(context.get("is_consultant"), bool):
        return context["is_consultant"]
    return bool(user and user.is_authenticated) and role_for(user, assessment.organisation_id) == (
        Membership.Role.CONSULTANT
    )
