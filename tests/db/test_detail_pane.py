"""What the detail pane shows of an organization."""

from __future__ import annotations

from grantdesk.domain.vocab import LegalForm
from grantdesk.services.database import Database
from grantdesk.services.details import detail
from tests.helpers import factories as f
from tests.helpers.org_codes import italian_iban


def test_the_iban_is_shown_in_groups_of_four(db: Database) -> None:
    compact = italian_iban(987654)
    with db.transaction() as s:
        org = f.organization(s, "Argento Vivo ODV", LegalForm.ODV)
        org.iban = compact
        s.flush()
        org_id = org.id
    fields = dict(detail(db, "organizations", org_id).fields)
    assert fields["IBAN"] == " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    assert fields["IBAN"].startswith("IT") and len(fields["IBAN"]) == 27 + 6
