"""GrantDesk's PDF documents: one engine, and each document only writes its story.

``fonts`` embeds DejaVu (shipped in ``resources/fonts``) so every €, à, ’ and “ ” survives;
``styles`` is the one stylesheet; ``text`` is the only way user text becomes a
``Paragraph`` (escaped: it is markup); ``tables`` makes tables whose cells wrap and whose
header repeats on every page; ``charts`` draws bars, pies, lines and Gantt timelines with
``reportlab.graphics`` in the document's number format; ``templates`` owns the A4 page
(header, "Pagina X di Y" footer, metadata, reproducible output) and the document language;
``blocks`` has the title block, sections and ``Formats``.

A document is a data function in ``grantdesk.services`` (one read, a dataclass out) and a
story module here::

    def application_story(data: ApplicationData, options: BuildOptions) -> Story:
        st, fmt = stylesheet(), Formats(options.lang)
        story = title_block(data.title, ..., st) + section(_("Partners"), "", None, st, then=...)
        info = DocumentInfo(title=..., header_left=data.call_code, header_right=data.acronym)
        return info, story

    def build_application(db, proposal_id, options) -> BuiltDocument:
        return build(application_story, application_data(db, proposal_id), options)

``build`` runs the story in the options' language and renders it; ``BuiltDocument.write``
saves it whole. The reports — ``pipeline``, ``deadlines``, ``organization_sheet`` — are
written this way. reportlab is imported only when a document is built, never when the
window opens.
"""
