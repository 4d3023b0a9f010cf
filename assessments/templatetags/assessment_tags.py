from django import template

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
