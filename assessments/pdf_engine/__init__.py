"""The PDF report's rendering engine: WeasyPrint on several cores, no Django.

A report is cut into parts at section boundaries: the front (cover and contents) and a few body
chunks of whole sections. Each body chunk is laid out by WeasyPrint in its own process
(`parallel.render_parts`); after pagination every chunk reports its page count and the sections it
starts, the parent hands back where its pages fall in the whole report, and only then are the
running headers and footers ("12 / 112") laid out and the pages drawn. The contents page is set with
the real page numbers, and `stitch.assemble` joins the parts into one PDF with one set of named
destinations, links across parts and one outline.

Modules: `weasy` (WeasyPrint set-up shared by every part), `part` (one part's render, with the
pagination hook), `child` (the process side of the protocol), `parallel` (the orchestration),
`stitch` (pikepdf assembly). None imports Django, so a forkserver can preload them cheaply and they
are tested without a database.
"""
