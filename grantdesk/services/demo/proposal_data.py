"""The example proposals, one or more in every status of the pipeline, as plain data.

Each names its call, its lead (capofila) and partners with roles, its objectives, the
timeline of its activities (months from the start) and its indicators; the budget lines are
generated from ``budget.py``'s catalogue so every proposal uses all four funding sources.

The proposals already sent (submitted, awarded, running, reporting, closed) respect their
call; the others break its rules the way real drafts do, each on purpose and so that
``grantdesk check proposal`` finds every rule broken somewhere (the expected findings of
each proposal are listed in ``tests/db/test_demo_findings.py``): a network that may not
lead, a draft over the call's duration, fundraising below the target, a paper expired,
overheads above the cap, volunteer time valued where the call excludes it or above its
hourly value, a grant below the minimum, an equipment line above its cap, co-financing
below the minimum, a partnership too small, a grant above its share.
"""

from __future__ import annotations

from typing import NamedTuple

from grantdesk.domain.vocab import ProposalStatus as S
from grantdesk.services.demo.context import GIULIA, MARCO


class ProposalSpec(NamedTuple):
    key: str
    call: str
    lead: str
    partners: tuple[tuple[str, str], ...]
    title: str
    acronym: str
    summary: str
    status: S
    owner: str
    start: int  # months from today's month
    duration: int | None  # None: not decided yet
    submitted: int | None  # days from today
    decided: int | None
    context: str
    objectives: tuple[str, ...]
    activities: tuple[tuple[str, str, int, int], ...]  # title, responsible, first, last month
    indicators: tuple[tuple[str, str, str, str], ...]  # name, unit, baseline, target
    lines: int
    factor: int = 100  # budget size, percent of the catalogue's typical quantities
    overhead_pct: str = "7"
    other_funder: str = "Fondazione di Comunità della Lomellina"
    swot: tuple[str, str, str, str] | None = None
    codesign: str | None = None
    # Bending the call's rules on purpose (see budget.BudgetPlan): € an hour for volunteer
    # time, the grant's share of the total, fundraising as % of the grant, extra lines.
    volunteer_rate: str | None = None
    grant_pct: str | None = None
    fundraising_pct: str | None = None
    extra: tuple[tuple[str, str, str, str, str], ...] = ()
    # Positions of the call's required attachments still missing (None: as the status goes).
    missing: tuple[int, ...] | None = None


PROPOSALS = [
    ProposalSpec(
        "case",
        "vigevano",
        "rete_lomellina",
        (
            ("banca_tempo", "Scambi di tempo nei quartieri"),
            ("argento", "Accompagnamento anziani"),
            ("parrocchia", "Spazi e ascolto"),
            ("comune_vigevano", "Locali e servizi sociali"),
            ("comitato", "Animazione del quartiere Cascame"),
        ),
        "Case del Sociale nei quartieri di Vigevano",
        "CASE",
        "Una Casa del Sociale in ogni quartiere: un luogo dove associazioni, servizi e "
        "cittadini si incontrano, con la Banca del Tempo come motore.",
        S.IDEA,
        GIULIA,
        4,
        30,
        None,
        None,
        "Le associazioni di Vigevano raramente presentano progetti alla fondazione locale, i cui "
        "fondi per il sociale restano inutilizzati. Mancano luoghi di quartiere riconoscibili.",
        (
            "Aprire tre Case del Sociale (Piccolini, Brughiera, Cascame)",
            "Coinvolgere almeno 15 associazioni nella gestione condivisa",
            "Avviare una Banca del Tempo in ogni Casa",
        ),
        (
            ("Mappatura delle risorse di quartiere", "rete_lomellina", 1, 3),
            ("Allestimento delle Case", "comune_vigevano", 3, 6),
            ("Apertura e animazione", "banca_tempo", 6, 30),
            ("Valutazione partecipata", "rete_lomellina", 26, 30),
        ),
        (
            ("Case del Sociale aperte", "case", "0", "3"),
            ("Associazioni coinvolte", "enti", "4", "15"),
        ),
        9,
    ),
    ProposalSpec(
        "tempo",
        "lomellina",
        "banca_tempo",
        (
            ("argento", "Volontari senior"),
            ("scuola", "Scambi tra generazioni"),
            ("csv", "Formazione e comunicazione"),
        ),
        "Tempo che conta: la Banca del Tempo “Ore Preziose” in ogni quartiere",
        "ORE",
        "Scambi di tempo tra generazioni, con il valore del volontariato riconosciuto come "
        "cofinanziamento (€ 15,00/ora).",
        S.DRAFTING,
        MARCO,
        3,
        12,
        None,
        None,
        "Gli iscritti alla Banca del Tempo sono 64, quasi tutti over 60; le famiglie giovani "
        "non conoscono lo strumento.",
        (
            "Raddoppiare gli iscritti",
            "Coinvolgere due classi dell’istituto comprensivo",
            "Registrare 2.000 ore scambiate",
        ),
        (
            ("Campagna di iscrizione", "csv", 1, 3),
            ("Laboratori intergenerazionali", "scuola", 3, 10),
            ("Sportello settimanale", "banca_tempo", 1, 12),
        ),
        (("Ore scambiate", "ore", "650", "2000"), ("Iscritti under 40", "persone", "3", "40")),
        12,
        factor=40,
        # The draft plans fundraising well below the 15 % of the grant the call asks for.
        fundraising_pct="8",
    ),
    ProposalSpec(
        "cura",
        "cariplo",
        "kcs",
        (
            ("argento", "Volontariato di prossimità"),
            ("albero", "Famiglie e caregiver"),
            ("comune_vigevano", "Servizi sociali e dati"),
            ("lavora", "Inserimenti lavorativi"),
            ("csv", "Coordinamento della rete"),
        ),
        "Comunità che si prendono cura – rete lomellina per gli anziani soli",
        "CURA",
        "Una rete di prossimità per gli anziani soli della Lomellina: custodi sociali, "
        "trasporti solidali e sostegno ai caregiver familiari.",
        S.REVIEW,
        GIULIA,
        6,
        30,
        None,
        None,
        "In Lomellina un anziano su tre vive solo; i servizi domiciliari raggiungono una parte "
        "minima dei bisogni e i caregiver familiari sono stremati.",
        (
            "Intercettare 300 anziani soli",
            "Formare 40 custodi sociali volontari",
            "Sostenere 80 caregiver familiari",
        ),
        (
            ("Formazione dei custodi sociali", "csv", 1, 4),
            ("Custodia sociale nei quartieri", "argento", 4, 30),
            ("Sostegno ai caregiver", "albero", 3, 30),
            ("Trasporti solidali", "lavora", 6, 30),
            ("Monitoraggio e valutazione", "kcs", 1, 30),
        ),
        (
            ("Anziani soli raggiunti", "persone", "0", "300"),
            ("Custodi sociali formati", "volontari", "0", "40"),
            ("Caregiver sostenuti", "persone", "0", "80"),
        ),
        22,
        factor=260,
        overhead_pct="12.4",
        # Copied from a budget for another funder: the call values volunteer time at zero.
        volunteer_rate="15.00",
    ),
    ProposalSpec(
        "patto",
        "ravenna",
        "tessere",
        (
            ("banco_ravenna", "Banco alimentare"),
            ("cohousing", "Cohousing e vicinato"),
            ("comune_ravenna", "Ufficio di Piano"),
        ),
        "Patto di comunità: cittadini e Comune per la Darsena",
        "PATTO",
        "Un patto tra cittadini e Comune: banco alimentare, baratto e riuso, cohousing.",
        S.DRAFTING,
        MARCO,
        3,
        18,
        None,
        None,
        "L’Ufficio di Piano si chiede chi sono i fragili, come raggiungerli, se servono soldi o "
        "servizi e come monitorarne gli effetti.",
        ("Firmare il patto con 20 realtà del quartiere", "Avviare un emporio del riuso"),
        (
            ("Assemblee di quartiere", "tessere", 1, 4),
            ("Emporio del riuso", "banco_ravenna", 4, 18),
            ("Cohousing solidale", "cohousing", 6, 18),
        ),
        (("Firmatari del patto", "enti", "0", "20"),),
        10,
        factor=60,
        # The regional value (€ 18,00) instead of the call's € 16,50 an hour.
        volunteer_rate="18.00",
    ),
    ProposalSpec(
        "proxima",
        "ue",
        "sentiero",
        (
            ("tessere", "Community engagement"),
            ("banco_ravenna", "Food aid network"),
            ("comune_ravenna", "Public partner"),
        ),
        "PROXIMA – Reti di prossimità per l’inclusione attiva",
        "PROXIMA",
        "Modelli di welfare di prossimità sperimentati a Ravenna e trasferiti ad altri Stati "
        "membri.",
        S.SUBMITTED,
        GIULIA,
        5,
        36,
        -36,
        None,
        "Le persone più vulnerabili non chiedono aiuto: servono antenne sul territorio.",
        ("Sperimentare tre punti di prossimità", "Trasferire il modello a due città europee"),
        (
            ("Project management", "sentiero", 1, 36),
            ("Punti di prossimità", "tessere", 4, 30),
            ("Rete alimentare", "banco_ravenna", 4, 36),
            ("Trasferimento", "sentiero", 24, 36),
        ),
        (("Persone raggiunte", "persone", "0", "1500"),),
        25,
        factor=220,
    ),
    ProposalSpec(
        "bds",
        "emilia",
        "accanto",
        (
            ("ausl", "Équipe del Distretto"),
            ("diritti", "Volontariato e ascolto"),
            ("sms", "Spazi e socialità"),
            ("reno_galliera", "Servizi sociali dell’Unione"),
        ),
        "Budget di Salute Pianura Est: casa, lavoro e socialità",
        "BDS-PE",
        "Progetti personalizzati di Budget di Salute per 20 persone seguite dai servizi di "
        "salute mentale, nell’ambito dell’accordo operativo contro la povertà.",
        S.AWARDED,
        GIULIA,
        1,
        24,
        -121,
        -20,
        "Nel Distretto Pianura Est i progetti di Budget di Salute sono ancora pochi; casa e "
        "lavoro sono i nodi più difficili.",
        ("Attivare 20 progetti personalizzati", "Mettere a disposizione 4 appartamenti"),
        (
            ("Équipe di valutazione", "ausl", 1, 24),
            ("Abitare supportato", "accanto", 2, 24),
            ("Tirocini e lavoro", "accanto", 3, 24),
            ("Socialità e tempo libero", "diritti", 1, 24),
        ),
        (("Progetti di Budget di Salute attivi", "progetti", "4", "20"),),
        18,
        factor=150,
        other_funder="Unione Reno Galliera",
        codesign="reno",
    ),
    ProposalSpec(
        "coesione",
        "cariplo_old",
        "albero",
        (("argento", "Volontari"), ("scuola", "Laboratori")),
        "Coesione in Lomellina: famiglie che si aiutano",
        "COESIONE",
        "Gruppi di mutuo aiuto tra famiglie con figli con disabilità.",
        S.REJECTED,
        MARCO,
        -8,
        24,
        -262,
        -150,
        "Le famiglie con figli con disabilità sono isolate e poco sostenute.",
        ("Avviare 6 gruppi di mutuo aiuto",),
        (("Gruppi di mutuo aiuto", "albero", 1, 24), ("Laboratori a scuola", "scuola", 3, 20)),
        (("Famiglie coinvolte", "famiglie", "0", "60"),),
        14,
        factor=180,
    ),
    ProposalSpec(
        "sportello",
        "vigevano",
        "parrocchia",
        (("comitato", "Volontari del quartiere"), ("scuola", "Aula informatica")),
        "Sportello digitale di quartiere per SPID e servizi online",
        "SPID",
        "Ritirato: il Comune ha aperto un servizio analogo nella biblioteca civica.",
        S.WITHDRAWN,
        MARCO,
        -3,
        12,
        None,
        -90,
        "Molti anziani del Cascame non riescono ad accedere ai servizi online.",
        ("Aiutare 200 persone ad attivare SPID",),
        (
            ("Apertura dello sportello", "parrocchia", 1, 12),
            ("Corsi di alfabetizzazione digitale", "scuola", 2, 10),
        ),
        (("Persone aiutate", "persone", "0", "200"),),
        8,
        factor=30,
    ),
    ProposalSpec(
        "punto",
        "vigevano",
        "kcs",
        (
            ("comune_vigevano", "Servizi sociali e spazi"),
            ("banca_tempo", "Volontari"),
            ("argento", "Accompagnamento anziani"),
            ("parrocchia", "Oratorio e ascolto"),
        ),
        "Punto per Te – punti di ascolto nei quartieri Piccolini e Brughiera",
        "PUNTO",
        "Un’ora di ascolto a settimana in due quartieri di circa 5.000 abitanti, per "
        "orientare ai servizi e attivare la rete.",
        S.RUNNING,
        GIULIA,
        -5,
        24,
        -230,
        -175,
        "Le misure di sostegno al reddito sono passate da 450 (2009) a 571 (2014), +26 %; a "
        "metà 2015 le persone in carico erano 2.643. Molti cittadini fragili non arrivano ai "
        "servizi.",
        (
            "Aprire due punti di ascolto settimanali",
            "Redigere i profili di quartiere (risorse e portatori d’interesse)",
            "Verificare l’impatto dopo tre mesi",
        ),
        (
            ("Profili di quartiere", "kcs", 1, 2),
            ("Analisi SWOT", "kcs", 2, 2),
            ("Punti di ascolto settimanali", "kcs", 2, 24),
            ("Accompagnamenti ai servizi", "argento", 3, 24),
            ("Verifica quantitativa a tre mesi", "comune_vigevano", 5, 5),
            ("Relazione finale", "kcs", 23, 24),
        ),
        (
            ("Cittadini che hanno ricevuto un servizio tramite la rete", "persone", "0", "400"),
            ("Ore di apertura dei punti di ascolto", "ore", "0", "104"),
        ),
        16,
        factor=50,
        swot=(
            "Reti di vicinato solide; parrocchia e Banca del Tempo radicate; operatori KCS "
            "conosciuti nei quartieri.",
            "Pochi volontari giovani; orari limitati; dati dei servizi difficili da ottenere.",
            "Case del Sociale in progetto; accordo con il Comune; fondi della fondazione "
            "locale non utilizzati.",
            "Sfiducia verso i servizi; stigma legato alla richiesta d’aiuto; turnover degli "
            "operatori.",
        ),
        codesign="punto",
    ),
    ProposalSpec(
        "messina",
        "messina",
        "mediterraneo",
        (
            ("ponte", "Rilevazioni sul campo"),
            ("giovani_me", "Valutazione partecipata"),
            ("comune_messina", "Dati dei servizi"),
        ),
        "Messina welfare trasparente: mappa dei servizi e valutazione della qualità",
        "MAPPA",
        "Una mappa pubblica dei servizi sociali della città, con i beneficiari raggiunti e una "
        "valutazione sistematica della qualità, presidi decentrati con il Terzo settore.",
        S.REPORTING,
        MARCO,
        -13,
        12,
        -430,
        -380,
        "A Messina servizi e beneficiari non sono mappati; manca una valutazione della qualità.",
        (
            "Mappare tutti i servizi sociali cittadini",
            "Pubblicare i dati su servizi erogati e beneficiari",
            "Valutare la qualità con gli utenti",
        ),
        (
            ("Mappatura dei servizi", "ponte", 1, 5),
            ("Portale dei dati", "mediterraneo", 4, 9),
            ("Valutazione partecipata", "giovani_me", 6, 12),
        ),
        (
            ("Servizi mappati", "servizi", "0", "180"),
            ("Utenti coinvolti nella valutazione", "persone", "0", "500"),
        ),
        20,
        factor=120,
    ),
    ProposalSpec(
        "dispensa",
        "ravenna_old",
        "banco_ravenna",
        (
            ("cohousing", "Distribuzione nel condominio"),
            ("tessere", "Volontari"),
            ("sentiero", "Logistica"),
        ),
        "Dispensa solidale Darsena – recupero delle eccedenze alimentari",
        "DISPENSA",
        "Recupero delle eccedenze dei mercati e distribuzione a 120 famiglie.",
        S.CLOSED,
        GIULIA,
        -22,
        12,
        -705,
        -650,
        "Nel quartiere Darsena molte famiglie vivono con redditi sotto la soglia di povertà.",
        ("Recuperare 30 tonnellate di eccedenze", "Raggiungere 120 famiglie"),
        (("Accordi con i mercati", "banco_ravenna", 1, 2), ("Distribuzione", "tessere", 2, 12)),
        (("Famiglie raggiunte", "famiglie", "40", "120"),),
        11,
        factor=45,
    ),
]
