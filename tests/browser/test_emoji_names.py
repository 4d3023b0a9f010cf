"""A function name with an emoji shows the emoji on the page, not a box (issue 16, bug 4).

Chromium reports which installed font drew a node's text (DevTools CSS.getPlatformFontsForNode): the emoji must
come from an emoji font (app.css names them; scripts/system_packages.sh installs Noto Color Emoji here).
"""

import pytest

from assessments.models import Membership
from tests.browser.test_questionnaire_flow import log_in
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fonts_of(page, selector: str) -> dict[str, int]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def test_an_emoji_in_a_function_name_is_drawn_from_an_emoji_font(page, live_server, catalogue):
    membership = MembershipFactory(role=Membership.Role.MANAGER)
    assessment = AssessmentFactory(organisation=membership.organisation, name="Emoji check")
    BusinessFunctionFactory(assessment=assessment, name="📄")
    base = live_server.url
    log_in(page, base, membership.user.username)
    page.goto(f"{base}/assessments/{assessment.pk}/functions/")
    fonts = _fonts_of(page, "#function-rows th[scope=row]")
    assert any("emoji" in family.lower() for family in fonts), f"the emoji was drawn with {fonts}"
