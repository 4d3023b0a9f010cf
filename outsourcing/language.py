"""The interface language, decided in this one place: "ko" when the active translation is Korean, else "en".

Pages, forms, the catalogue's names, the API and the default language of a report all ask here; the
active translation itself comes from LocaleMiddleware (the user's choice, else Accept-Language).
"""

from django.utils.translation import get_language


def page_language() -> str:
    return "ko" if (get_language() or "en").startswith("ko") else "en"
