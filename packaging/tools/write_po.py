"""Developer tool: merge a {msgid: msgstr} JSON file into a .po catalogue (sorted, UTF-8).

    python packaging/tools/write_po.py resources/translations/it/core.po new.json

Existing translations are kept unless the JSON gives a new one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib


def main(po_path: str, json_path: str) -> None:
    path = Path(po_path)
    catalogue = polib.pofile(str(path)) if path.exists() else polib.POFile()
    catalogue.metadata = {
        "Project-Id-Version": "GrantDesk",
        "Language": path.parent.name,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    entries = {e.msgid: e for e in catalogue}
    for msgid, msgstr in json.loads(Path(json_path).read_text(encoding="utf-8")).items():
        if msgid in entries:
            entries[msgid].msgstr = msgstr
        else:
            entries[msgid] = polib.POEntry(msgid=msgid, msgstr=msgstr)
    out = polib.POFile(wrapwidth=0)
    out.metadata = catalogue.metadata
    for msgid in sorted(entries):
        out.append(entries[msgid])
    out.save(str(path))


if __name__ == "__main__":
    main(*sys.argv[1:3])
