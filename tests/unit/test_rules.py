"""The rule check: each rule passes at its limit and fails just past it, in readable sentences."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from grantdesk.domain.budget import Line, RunningTotals
from grantdesk.domain.rules import (
    CallRules,
    CategoryCap,
    ChecklistItem,
    DocumentFacts,
    FindingCode,
    FundraisingTarget,
    PartnerFacts,
    ProposalFacts,
    Requirement,
    Severity,
    Target,
    check,
    has_blocking,
    is_fundraising,
)
from grantdesk.domain.vocab import AttachmentState, FundingSource, LegalForm
from grantdesk.i18n import set_language

D = Decimal
C = FindingCode
G = FundingSource.REQUESTED_GRANT
CASH = FundingSource.PARTNER_CASH
HOURS = FundingSource.VOLUNTEER_IN_KIND
OTHER = FundingSource.OTHER_FUNDER
TODAY = date(2026, 3, 10)
LEAD = PartnerFacts(1, "Argento Vivo ODV", LegalForm.ODV)


@pytest.fixture
def italian() -> Iterator[None]:
    set_language("it")
    yield
    set_language("en")


def budget(grant: str, cash: str = "0", **more: str) -> list[Line]:
    """A grant line, a partner cash line and one line per category given (on the grant)."""
    lines = [Line("personnel", D(1), D(grant), G, 1)]
    if D(cash):
        lines.append(Line("services", D(1), D(cash), CASH, 2))
    lines += [Line(category, D(1), D(amount), G, 1) for category, amount in more.items()]
    return lines


def facts(lines: list[Line] | None = None, **kw: Any) -> ProposalFacts:
    kw.setdefault("lead", LEAD)
    return ProposalFacts(lines=budget("1000") if lines is None else lines, **kw)


def codes(f: ProposalFacts, rules: CallRules | None, today: date = TODAY) -> list[str]:
    return [x.code.value for x in check(f, rules, today)]


def only(f: ProposalFacts, rules: CallRules, code: FindingCode) -> Any:
    found = [x for x in check(f, rules, TODAY) if x.code is code]
    assert len(found) == 1, check(f, rules, TODAY)
    return found[0]


# -- amounts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "passing", "failing", "code"),
    [
        (CallRules(max_grant=D("40000.00")), ("40000.00", "5"), ("40000.01", "5"), C.GRANT_MAX),
        (CallRules(min_grant=D("80000.00")), ("80000.00", "5"), ("79999.99", "5"), C.GRANT_MIN),
        (
            CallRules(max_total_cost=D("40000.00")),
            ("30000.00", "10000.00"),
            ("30000.00", "10000.01"),
            C.TOTAL_COST_MAX,
        ),
        (
            CallRules(min_total_cost=D("160000.00")),
            ("80000.00", "80000.00"),
            ("80000.00", "79999.99"),
            C.TOTAL_COST_MIN,
        ),
    ],
)
def test_amount_limits_at_the_cent(
    rules: CallRules, passing: tuple[str, str], failing: tuple[str, str], code: FindingCode
) -> None:
    assert codes(facts(budget(*passing)), rules) == []
    assert codes(facts(budget(*failing)), rules) == [code.value]


def test_amount_messages_in_italian(italian: None) -> None:
    found = only(facts(budget("40000.01")), CallRules(max_grant=D("40000")), C.GRANT_MAX)
    assert found.message == (
        "Contributo richiesto € 40.000,01: il bando consente al massimo € 40.000,00."
    )
    assert found.severity is Severity.BLOCKING and found.target == Target("budget")
    found = only(facts(budget("1")), CallRules(min_total_cost=D("160000")), C.TOTAL_COST_MIN)
    assert found.message == "Costo totale € 1,00: il bando richiede almeno € 160.000,00."


# -- shares ----------------------------------------------------------------------------


def test_cofinancing_minimum_at_the_boundary(italian: None) -> None:
    rules = CallRules(min_cofinancing_pct=D("30"))
    assert codes(facts(budget("7000.00", "3000.00")), rules) == []
    found = only(facts(budget("7001.00", "2999.00")), rules, C.COFINANCING_MIN)
    assert found.message == (
        "Cofinanziamento 29,99 % del totale (€ 2.999,00): il bando richiede almeno 30 %."
    )


def test_volunteer_time_counts_as_cofinancing() -> None:
    lines = [Line("personnel", D(1), D("700"), G), Line("volunteer_time", D(20), D(15), HOURS)]
    assert codes(facts(lines), CallRules(min_cofinancing_pct=D("30"))) == []


def test_grant_share_maximum_at_the_boundary() -> None:
    rules = CallRules(max_grant_pct=D("60"))
    assert codes(facts(budget("6000.00", "4000.00")), rules) == []
    found = only(facts(budget("6001.00", "3999.00")), rules, C.GRANT_SHARE_MAX)
    assert found.message == "Requested grant 60.01% of the total: the call allows at most 60%."


def test_grant_share_is_not_repeated_when_the_cofinancing_minimum_implies_it() -> None:
    over = facts(budget("7000.00", "3000.00"))  # 70 % grant, 30 % co-financing
    implied = CallRules(max_grant_pct=D("50"), min_cofinancing_pct=D("50"))
    assert codes(over, implied) == ["cofinancing_min"]
    independent = CallRules(max_grant_pct=D("60"), min_cofinancing_pct=D("35"))
    assert codes(over, independent) == ["cofinancing_min", "grant_share_max"]
    weaker = CallRules(max_grant_pct=D("60"), min_cofinancing_pct=D("20"))
    assert codes(over, weaker) == ["grant_share_max"]


# -- caps ------------------------------------------------------------------------------


def test_overhead_cap_exactly_ten_percent_passes_and_ten_point_zero_one_fails() -> None:
    rules = CallRules(overhead_cap_pct=D("10"))
    assert codes(facts(budget("9000.00", overheads="1000.00")), rules) == []
    found = only(facts(budget("8999.00", overheads="1001.00")), rules, C.OVERHEADS_CAP)
    assert found.message == "Overheads 10.01% of the total: the call allows at most 10%."
    assert found.target == Target("budget", "overheads")


def test_the_issue_s_sentence_in_italian(italian: None) -> None:
    found = only(
        facts(budget("8760.00", overheads="1240.00")),
        CallRules(overhead_cap_pct=D("10")),
        C.OVERHEADS_CAP,
    )
    assert found.message == "Spese generali 12,4 % del totale: il bando consente al massimo 10 %."


def test_a_share_just_above_the_limit_never_reads_as_the_limit() -> None:
    lines = budget("89996.00", overheads="10004.00")  # 10.004 %
    found = only(facts(lines), CallRules(overhead_cap_pct=D("10")), C.OVERHEADS_CAP)
    assert "10.004%" in found.message
    assert codes(facts(lines), CallRules(overhead_cap_pct=D("12.5"))) == []


def test_a_rounding_cent_above_the_cap_is_shown_with_enough_decimals() -> None:
    lines = budget("92999.99", overheads="7000.01")  # 7.00001 %
    found = only(facts(lines), CallRules(overhead_cap_pct=D("7")), C.OVERHEADS_CAP)
    assert "7.00001%" in found.message


def test_a_zero_cap_forbids_the_category() -> None:
    rules = CallRules(overhead_cap_pct=D("0"))
    assert codes(facts(budget("1000")), rules) == []
    assert codes(facts(budget("1000", overheads="0.01")), rules) == ["overheads_cap"]


def test_overhead_cap_and_a_cap_rule_on_overheads_merge_into_the_stricter() -> None:
    rules = CallRules(
        overhead_cap_pct=D("10"),
        caps=(CategoryCap("Overheads", D("8"), D("500.00")),),
    )
    lines = budget("9100.00", overheads="900.00")  # 9 %
    assert codes(facts(lines), rules) == ["overheads_cap", "overheads_cap_amount"]


@pytest.mark.parametrize(
    ("cap", "amount", "expected"),
    [
        (CategoryCap("equipment", limit_pct=D("15")), "1500.00", []),
        (CategoryCap("equipment", limit_pct=D("15")), "1500.01", ["category_cap"]),
        (CategoryCap("Equipment", limit_amount=D("1500.00")), "1500.00", []),
        (CategoryCap("equipment", limit_amount=D("1500.00")), "1500.01", ["category_cap_amount"]),
        (
            CategoryCap("equipment", D("10"), D("1000.00")),
            "1500.01",
            ["category_cap", "category_cap_amount"],
        ),
    ],
)
def test_category_caps_by_share_and_amount(
    cap: CategoryCap, amount: str, expected: list[str]
) -> None:
    total = D("10000.00")
    lines = budget(str(total - D(amount)), equipment=amount)
    assert codes(facts(lines), CallRules(caps=(cap,))) == expected


def test_a_cap_on_the_call_s_own_word(italian: None) -> None:
    rules = CallRules(caps=(CategoryCap("Fideiussioni", limit_amount=D("5000")),))
    lines = budget("1000", Fideiussioni="6000")
    found = only(facts(lines), rules, C.CATEGORY_CAP_AMOUNT)
    assert found.message == "Fideiussioni € 6.000,00: il bando consente al massimo € 5.000,00."
    assert found.target == Target("budget", "Fideiussioni")


# -- volunteer time ------------------------------------------------------------------


def volunteer(rate: str, hours: str = "100", key: int = 7) -> Line:
    return Line("volunteer_time", D(hours), D(rate), HOURS, 2, key=key)


def test_volunteer_time_valued_where_the_call_excludes_it(italian: None) -> None:
    rules = CallRules(volunteer_time_allowed=False)
    assert codes(facts([*budget("1000"), volunteer("0.00")]), rules) == []  # hours, not valued
    found = only(facts([*budget("1000"), volunteer("15.00")]), rules, C.VOLUNTEER_TIME_NOT_ALLOWED)
    assert found.message == (
        "Volontariato valorizzato per € 1.500,00 nel piano economico: il bando non ammette la "
        "valorizzazione del volontariato come cofinanziamento."
    )
    assert found.target == Target("budget_line", "7")
    assert codes(facts([*budget("1000"), volunteer("15.00")]), CallRules()) == []


def test_volunteer_hourly_value_at_the_cent(italian: None) -> None:
    rules = CallRules(volunteer_time_allowed=True, volunteer_hourly_value=D("16.50"))
    assert codes(facts([*budget("1000"), volunteer("16.50")]), rules) == []
    one = only(facts([*budget("1000"), volunteer("16.51")]), rules, C.VOLUNTEER_HOURLY_VALUE)
    assert one.message == (
        "Volontariato valorizzato € 16,51 l’ora su 1 voce: il bando consente al massimo "
        "€ 16,50 l’ora."
    )
    lines = [*budget("1000"), volunteer("17.00", key=8), volunteer("18.00", key=9)]
    two = only(facts(lines), rules, C.VOLUNTEER_HOURLY_VALUE)
    assert "fino a € 18,00 l’ora su 2 voci" in two.message
    assert two.target == Target("budget_line", "9")


# -- fundraising ---------------------------------------------------------------------


def raised(amount: str, funder: str = "Raccolta fondi di comunità") -> Line:
    return Line("materials", D(1), D(amount), OTHER, 1, other_funder=funder)


def test_fundraising_target_at_the_boundary(italian: None) -> None:
    rules = CallRules(fundraising=FundraisingTarget(D("15"), D("20")))
    assert codes(facts([*budget("10000"), raised("1500.00")]), rules) == []
    assert codes(facts([*budget("10000"), raised("2000.00")]), rules) == []
    low = only(facts([*budget("10000"), raised("1499.00")]), rules, C.FUNDRAISING_TARGET)
    assert low.severity is Severity.BLOCKING
    assert low.message == (
        "Raccolta fondi € 1.499,00 (14,99 % del contributo richiesto): il bando richiede "
        "almeno 15 %."
    )
    high = only(facts([*budget("10000"), raised("2001.00")]), rules, C.FUNDRAISING_TARGET)
    assert high.severity is Severity.WARNING


def test_fundraising_of_the_total_cost() -> None:
    rules = CallRules(fundraising=FundraisingTarget(D("10"), of_total=True))
    assert codes(facts([*budget("900"), raised("100")]), rules) == []
    assert codes(facts([*budget("901"), raised("99.99")]), rules) == ["fundraising_target"]


@pytest.mark.parametrize(
    ("source", "funder", "expected"),
    [
        (OTHER, "Campagna di CROWDFUNDING", True),
        (OTHER, "Donazioni dei soci", True),
        (OTHER, "Raccolta Fondi “Natale insieme”", True),
        (OTHER, "Fondazione di Comunità", False),
        (CASH, "Raccolta fondi", False),
        (OTHER, None, False),
    ],
)
def test_what_counts_as_fundraising(
    source: FundingSource, funder: str | None, expected: bool
) -> None:
    assert is_fundraising(Line("services", D(1), D(1), source, other_funder=funder)) is expected


# -- lead, partnership, duration ----------------------------------------------------


def test_lead_missing_and_applicant_type(italian: None) -> None:
    rules = CallRules(eligible_forms=("odv", "aps"))
    assert codes(facts(), rules) == []
    assert codes(facts(lead=None), rules) == ["lead_missing"]
    parish = PartnerFacts(9, "Parrocchia di San Francesco d’Assisi", LegalForm.PARISH)
    found = only(facts(lead=parish), rules, C.APPLICANT_TYPE)
    assert found.message == (
        "Il bando ammette come capofila solo ODV, APS: "
        "Parrocchia di San Francesco d’Assisi è una parrocchia."
    )
    assert found.target == Target("lead")


def partners(*forms: LegalForm) -> tuple[PartnerFacts, ...]:
    return tuple(PartnerFacts(10 + i, f"Ente {i}", form) for i, form in enumerate(forms))


def test_the_lead_counts_in_the_partnership(italian: None) -> None:
    rules = CallRules(min_partners=3)
    assert codes(facts(partners=partners(LegalForm.SCHOOL, LegalForm.PARISH)), rules) == []
    found = only(facts(partners=partners(LegalForm.SCHOOL)), rules, C.PARTNERS_MIN)
    assert found.message == (
        "Il partenariato conta 2 soggetti, capofila compreso: il bando ne richiede almeno 3."
    )
    assert found.target == Target("partners")
    # The lead listed again as a partner is still one body.
    again = (PartnerFacts(1, "Argento Vivo ODV", LegalForm.ODV), *partners(LegalForm.SCHOOL))
    assert codes(facts(partners=again), rules) == ["partners_min"]


def test_third_sector_partners_lead_included() -> None:
    rules = CallRules(min_third_sector_partners=2)
    assert codes(facts(partners=partners(LegalForm.APS, LegalForm.MUNICIPALITY)), rules) == []
    found = only(
        facts(partners=partners(LegalForm.MUNICIPALITY)), rules, C.THIRD_SECTOR_PARTNERS_MIN
    )
    assert found.message == (
        "The partnership has 1 third-sector body, lead included: the call requires at least 2."
    )


def test_duration_limits(italian: None) -> None:
    rules = CallRules(min_duration_months=12, max_duration_months=18)
    assert codes(facts(duration_months=12), rules) == []
    assert codes(facts(duration_months=18), rules) == []
    assert codes(facts(duration_months=11), rules) == ["duration_min"]
    found = only(facts(duration_months=19), rules, C.DURATION_MAX)
    assert found.message == "Durata 19 mesi: il bando consente al massimo 18 mesi."
    assert found.target == Target("proposal_field", "duration_months")
    assert codes(facts(duration_months=None), rules) == ["duration_missing"]
    assert only(facts(), rules, C.DURATION_MISSING).severity is Severity.WARNING
    single = only(facts(duration_months=1), CallRules(min_duration_months=2), C.DURATION_MIN)
    assert single.message == "Durata 1 mese: il bando richiede almeno 2 mesi."
    assert codes(facts(duration_months=None), CallRules()) == []


# -- attachments and papers on file ------------------------------------------------


STATUTE = Requirement(1, "Statuto del capofila", True, "statute")
LETTERS = Requirement(2, "Lettere di partenariato", True)
DURC = Requirement(3, "DURC in corso di validità", False, "durc")


def test_mandatory_attachments(italian: None) -> None:
    rules = CallRules(requirements=(STATUTE, LETTERS, DURC))
    attached = (
        ChecklistItem("Statuto", AttachmentState.ATTACHED, 1),
        ChecklistItem("Lettere di partenariato", AttachmentState.ATTACHED),  # matched by name
    )
    assert codes(facts(checklist=attached), rules) == []
    gaps = (ChecklistItem("Statuto", AttachmentState.MISSING, 1),)
    found = check(facts(checklist=gaps), rules, TODAY)
    assert [f.code.value for f in found] == ["attachment_missing", "attachment_missing"]
    assert found[1].message == "Manca un allegato obbligatorio: “Lettere di partenariato”."
    assert found[1].target == Target("attachments", "Lettere di partenariato")
    waived = (
        ChecklistItem("Statuto", AttachmentState.NOT_APPLICABLE, 1),
        attached[1],
    )
    note = only(facts(checklist=waived), rules, C.ATTACHMENT_NOT_APPLICABLE)
    assert note.severity is Severity.INFO


def member(kind: str, expires: date | None, key: int = 5, title: str = "") -> PartnerFacts:
    paper = DocumentFacts(kind, title or f"Documento {kind}", expires)
    return PartnerFacts(
        key, "Lomellina Lavora Impresa Sociale", LegalForm.SOCIAL_ENTERPRISE, (paper,)
    )


def test_papers_valid_through_their_expiry_day(italian: None) -> None:
    rules = CallRules(requirements=(STATUTE, DURC))
    ok = (ChecklistItem("Statuto", AttachmentState.ATTACHED, 1),)
    assert codes(facts(checklist=ok, partners=(member("durc", TODAY),)), rules) == []
    found = only(
        facts(checklist=ok, partners=(member("durc", TODAY - timedelta(days=1), title="DURC"),)),
        rules,
        C.DOCUMENT_EXPIRED,
    )
    assert found.severity is Severity.WARNING  # the DURC is not mandatory for this call
    assert found.message == (
        "Lomellina Lavora Impresa Sociale: il documento “DURC” è scaduto il 09/03/2026."
    )
    assert found.target == Target("documents", "5")
    lead = member("statute", TODAY - timedelta(days=1), key=1)
    assert (
        only(facts(lead=lead, checklist=ok), rules, C.DOCUMENT_EXPIRED).severity
        is Severity.BLOCKING
    )
    # Papers of kinds the call does not ask for, and papers that never expire, are fine.
    assert (
        codes(facts(checklist=ok, partners=(member("insurance", date(2020, 1, 1)),)), rules) == []
    )
    assert codes(facts(checklist=ok, partners=(member("durc", None),)), rules) == []


def test_the_newest_paper_of_a_kind_is_judged() -> None:
    papers = (
        DocumentFacts("durc", "vecchio", date(2025, 1, 1)),
        DocumentFacts("durc", "nuovo", date(2026, 9, 1)),
    )
    org = PartnerFacts(5, "Ponte Lavoro", LegalForm.SOCIAL_ENTERPRISE, papers)
    assert codes(facts(partners=(org,)), CallRules(requirements=(DURC,))) == []


def test_papers_expiring_before_the_deadline(italian: None) -> None:
    rules = CallRules(requirements=(DURC,), submission_deadline=date(2026, 4, 15))
    assert codes(facts(partners=(member("durc", date(2026, 4, 15)),)), rules) == []
    found = only(
        facts(partners=(member("durc", date(2026, 4, 14), title="DURC"),)),
        rules,
        C.DOCUMENT_EXPIRING,
    )
    assert found.severity is Severity.WARNING
    assert found.message == (
        "Lomellina Lavora Impresa Sociale: il documento “DURC” scade il 14/04/2026, prima della "
        "scadenza del bando (15/04/2026)."
    )


def test_a_submitted_proposal_is_judged_on_its_submission_day() -> None:
    rules = CallRules(requirements=(DURC,), submission_deadline=date(2026, 4, 15))
    papers = (member("durc", date(2026, 3, 1)),)
    assert codes(facts(partners=papers, submitted_on=date(2026, 2, 20)), rules) == []
    assert codes(facts(partners=papers, submitted_on=date(2026, 3, 2)), rules) == [
        "document_expired"
    ]


# -- the whole check ---------------------------------------------------------------


def test_an_empty_budget_is_information_only() -> None:
    rules = CallRules(min_grant=D("80000"), min_cofinancing_pct=D("50"))
    found = check(facts([]), rules, TODAY)
    assert [(f.code.value, f.severity) for f in found] == [("budget_empty", Severity.INFO)]
    assert not has_blocking(found)


def test_without_a_call_only_the_lead_and_the_budget() -> None:
    assert codes(facts(lead=None, duration_months=None), None) == ["lead_missing", "no_call"]
    assert codes(facts([]), None) == ["no_call", "budget_empty"]


def test_blocking_first_then_warnings_then_information() -> None:
    rules = CallRules(
        max_grant=D("10"),
        min_duration_months=12,
        requirements=(STATUTE,),
    )
    waived = (ChecklistItem("Statuto", AttachmentState.NOT_APPLICABLE, 1),)
    found = check(facts(duration_months=None, checklist=waived), rules, TODAY)
    assert [f.severity for f in found] == [Severity.BLOCKING, Severity.WARNING, Severity.INFO]
    assert has_blocking(found)


def test_precomputed_running_totals_give_the_same_findings() -> None:
    lines = budget("8999.00", overheads="1001.00")
    rules = CallRules(overhead_cap_pct=D("10"), max_grant=D("9000"))
    running = RunningTotals(lines).totals()
    assert check(facts(lines, totals=running), rules, TODAY) == check(facts(lines), rules, TODAY)
