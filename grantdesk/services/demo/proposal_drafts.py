"""More example proposals still being written, each breaking some of its call's rules.

Drafts like these are what the rule check is for: an equipment line above its cap and a
partner's DURC expiring before the deadline (PONTI), co-financing below the minimum and
overheads above their amount cap with the duration still open (CASA PONTE), a partnership
too small and a budget above the prize (CONDOMINI), a grant below the call's minimum and a
duration too short (CONNESSI), a grant above its share of the cost (NONNI).
"""

from __future__ import annotations

from grantdesk.domain.vocab import ProposalStatus as S
from grantdesk.services.demo.context import GIULIA, MARCO
from grantdesk.services.demo.proposal_data import ProposalSpec

DRAFTS = [
    ProposalSpec(
        "ponti",
        "ministero",
        "albero",
        (
            ("scuola", "Aule e docenti referenti"),
            ("lavora", "Manutenzione dell’aula digitale"),
            ("comune_vigevano", "Servizi sociali e segnalazioni"),
        ),
        "Ponti digitali – laboratori contro la povertà educativa a Mortara e Vigevano",
        "PONTI",
        "Laboratori digitali pomeridiani per 120 ragazzi tra 11 e 17 anni, tutoraggio tra "
        "pari e un’aula attrezzata aperta al quartiere.",
        S.REVIEW,
        MARCO,
        5,
        24,
        None,
        None,
        "In Lomellina un ragazzo su cinque lascia la scuola prima del diploma; nei quartieri "
        "popolari mancano spazi attrezzati per lo studio pomeridiano.",
        (
            "Accompagnare 120 ragazze e ragazzi nello studio pomeridiano",
            "Formare 20 tutor tra pari",
            "Aprire l’aula digitale al quartiere due sere a settimana",
        ),
        (
            ("Allestimento dell’aula digitale", "lavora", 1, 3),
            ("Laboratori pomeridiani", "albero", 3, 24),
            ("Tutoraggio tra pari", "scuola", 4, 22),
        ),
        (
            ("Ragazzi che frequentano i laboratori", "persone", "0", "120"),
            ("Tutor tra pari formati", "persone", "0", "20"),
        ),
        14,
        factor=120,
        # The equipment is above the call's cap (15 % and € 30.000).
        extra=(
            (
                "equipment",
                "Aula digitale attrezzata (30 postazioni e schermo interattivo)",
                "lotto",
                "1",
                "36500.00",
            ),
        ),
        missing=(),
    ),
    ProposalSpec(
        "casa_ponte",
        "lombardia",
        "lavora",
        (
            ("parrocchia", "Alloggi della parrocchia"),
            ("albero", "Accompagnamento delle famiglie"),
            ("comune_vigevano", "Servizi sociali e graduatorie"),
        ),
        "Casa ponte – percorsi di autonomia abitativa per chi esce dalle comunità",
        "CASA PONTE",
        "Quattro alloggi temporanei con accompagnamento educativo e inserimento lavorativo, "
        "per giovani in uscita dalle comunità e nuclei in emergenza abitativa.",
        S.DRAFTING,
        GIULIA,
        4,
        None,
        None,
        None,
        "A Vigevano le richieste di alloggio d’emergenza sono raddoppiate in tre anni; chi esce "
        "da una comunità a 18 anni non ha una casa né un lavoro stabile.",
        (
            "Accogliere 12 persone in quattro alloggi temporanei",
            "Avviare 8 tirocini lavorativi",
        ),
        (
            ("Sistemazione degli alloggi", "parrocchia", 1, 3),
            ("Accompagnamento educativo", "albero", 3, 16),
            ("Tirocini e inserimento lavorativo", "lavora", 4, 18),
        ),
        (("Persone accolte", "persone", "0", "12"),),
        12,
        factor=150,
        # Co-financing below the call's 30 %; overheads above € 5.000; duration still open.
        grant_pct="78",
        extra=(("services", "Affitto di quattro alloggi temporanei", "mesi", "48", "450.00"),),
        missing=(),
    ),
    ProposalSpec(
        "condomini",
        "energia",
        "argento",
        (
            ("comune_vigevano", "Case popolari e servizi sociali"),
            ("scuola", "Compiti insieme nei cortili"),
        ),
        "Condomini solidali – custodi di scala nelle case popolari di Vigevano",
        "CONDOMINI",
        "Volontari custodi di scala che conoscono gli anziani soli, un portierato sociale e "
        "piccoli lavori di manutenzione condivisa.",
        S.IDEA,
        MARCO,
        6,
        12,
        None,
        None,
        "Nelle case popolari di via Aguzzafame molti anziani vivono soli e i conflitti di "
        "vicinato crescono; mancano figure di riferimento nei condomini.",
        ("Attivare 10 custodi di scala volontari", "Aprire un portierato sociale"),
        (
            ("Formazione dei custodi di scala", "argento", 1, 3),
            ("Portierato sociale", "argento", 3, 12),
        ),
        (("Custodi di scala attivi", "volontari", "0", "10"),),
        10,
        factor=220,
    ),
    ProposalSpec(
        "connessi",
        "cariplo",
        "banca_tempo",
        (
            ("argento", "Telefonate amiche"),
            ("kcs", "Accompagnamento digitale"),
        ),
        "Anziani connessi – telefonate amiche e accompagnamento digitale",
        "CONNESSI",
        "Telefonate settimanali agli anziani soli e un servizio di accompagnamento all’uso "
        "dei servizi digitali (SPID, fascicolo sanitario, prenotazioni).",
        S.DRAFTING,
        MARCO,
        5,
        18,
        None,
        None,
        "Durante l’inverno molti anziani della Lomellina passano settimane senza parlare con "
        "nessuno; i servizi online restano loro inaccessibili.",
        (
            "Chiamare ogni settimana 150 anziani soli",
            "Accompagnare 200 persone all’uso dei servizi digitali",
        ),
        (
            ("Rete delle telefonate amiche", "argento", 1, 18),
            ("Sportelli digitali", "kcs", 2, 18),
        ),
        (("Anziani raggiunti", "persone", "0", "150"),),
        11,
        factor=110,
        missing=(),
    ),
    ProposalSpec(
        "nonni",
        "lomellina",
        "argento",
        (
            ("albero", "Laboratori con le famiglie"),
            ("scuola", "Classi coinvolte"),
        ),
        "Nonni e nipoti in rete – scambi di saperi tra generazioni",
        "NONNI",
        "I volontari di Argento Vivo insegnano mestieri e giochi di un tempo; i ragazzi "
        "insegnano a usare smartphone e videochiamate.",
        S.REVIEW,
        GIULIA,
        3,
        12,
        None,
        None,
        "Anziani e ragazzi dei quartieri Piccolini e Brughiera non si incontrano mai; "
        "l’isolamento digitale degli anziani cresce.",
        ("Coinvolgere 60 anziani e 80 ragazzi", "Organizzare 30 laboratori tra generazioni"),
        (
            ("Laboratori tra generazioni", "albero", 1, 12),
            ("Sportello smartphone", "scuola", 2, 11),
        ),
        (("Laboratori svolti", "laboratori", "0", "30"),),
        10,
        factor=40,
        # The grant reaches two thirds of the cost: the call accepts at most 60 %.
        grant_pct="66",
        fundraising_pct="16",
        extra=(("personnel", "Educatrice dei laboratori tra generazioni", "ore", "400", "23.50"),),
        missing=(),
    ),
]
