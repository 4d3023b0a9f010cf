"""The method documents (docs/*.md) as HTML pages of the app. Pure: no Django.

The documents stay the one source: written in markdown in docs/, read by people on the repository and
shown in the app's layout. Raw HTML in them is not rendered (text only). A link or a `code` mention of another
served document (`docs/tco.md`, `scoring.md#the-six-criteria`) becomes a link to its page; a link to any other
file of the repository, which a user of the app cannot open, is left as plain text. Headings get ids (GitHub's
form), so `#section` links work.
"""

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt

DOCS_DIR = Path(__file__).resolve().parent.parent.parent / "docs"
# A path the markdown may name (docs/tco.md, ./tco.md, tco.md), with an optional #anchor.
_DOC_PATH = re.compile(r"^(?:\./|docs/|\.\./docs/)?(?P<name>[a-z0-9_-]+)\.md(?P<anchor>#[\w-]*)?$")


def slug(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def _parser(link_for: Callable[[str], str | None]) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")

    def doc_link(target: str) -> str | None:
        match = _DOC_PATH.match(target)
        if not match:
            return None
        page = link_for(match.group("name"))
        return page + (match.group("anchor") or "") if page else None

    def heading_ids(state) -> None:
        seen: dict[str, int] = {}
        tokens = state.tokens
        for index, token in enumerate(tokens):
            if token.type == "heading_open":
                base = slug(tokens[index + 1].content)
                count = seen.get(base, 0)
                seen[base] = count + 1
                token.attrSet("id", base if count == 0 else f"{base}-{count}")

    def links(state) -> None:
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            kept = []
            dropped_depth = 0
            for token in block.children:
                if token.type == "link_open":
                    href = token.attrGet("href") or ""
                    external = re.match(r"^(https?:|mailto:|#)", href)
                    if not external:
                        page = doc_link(href)
                        if page is None:  # a repository file: keep the words, drop the dead link
                            dropped_depth += 1
                            continue
                        token.attrSet("href", page)
                elif token.type == "link_close" and dropped_depth:
                    dropped_depth -= 1
                    continue
                kept.append(token)
            block.children = kept

    md.core.ruler.push("heading_ids", heading_ids)
    md.core.ruler.push("doc_links", links)

    def code_inline(renderer, tokens, idx, options, env):
        html = f"<code>{md.utils.escapeHtml(tokens[idx].content)}</code>"
        page = doc_link(tokens[idx].content.strip())
        return f'<a href="{md.utils.escapeHtml(page)}">{html}</a>' if page else html

    md.add_render_rule("code_inline", code_inline)
    return md


def render(markdown: str, link_for: Callable[[str], str | None]) -> tuple[str, str]:
    """(title, HTML body) of one document; `link_for(name)` is the address of a served document or None."""
    title = next((line[2:].strip() for line in markdown.splitlines() if line.startswith("# ")), "")
    return title, _parser(link_for).render(markdown)


@cache
def _read(path: Path, mtime_ns: int) -> str:
    return path.read_text(encoding="utf-8")


def read(name: str) -> str:
    """The markdown of docs/<name>.md (read again only when the file changed)."""
    path = DOCS_DIR / f"{name}.md"
    return _read(path, path.stat().st_mtime_ns)
