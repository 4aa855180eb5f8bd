"""The app's bibliography: every reference a cause, action, figure or warning cites, by id.

One table, read by the rules loader (a lab's rules file may add its own ids under
``sources:``), the substrate warnings, the protocol writer and the report.  Each entry was
checked against the paper's title, journal, year, volume and pages; what it is cited
*for* is said in brackets, so a reader can tell a citation that does not back its claim.
"""

from __future__ import annotations

from collections.abc import Iterable

_NOTE = 'Application note "Borane-Mediated Reduction of Lactam Intermediates in Diazepine Synthesis" (BenchChem, 2026)'

SOURCES: dict[str, str] = {
    "note_table": f"{_NOTE}, troubleshooting table",
    "note_protocol": f"{_NOTE}, detailed experimental protocol",
    "note_mechanism": f"{_NOTE}, mechanism (the amine-borane complex)",
    "note_reagents": f"{_NOTE}, reagent selection guide",
    "note_rationale": f"{_NOTE}, why borane rather than LiAlH4",
    "brown_heim_1973": (
        "Brown, H. C.; Heim, P. J. Org. Chem. 1973, 38, 912 (reduction of amides and lactams "
        "with diborane)"),
    "brown_heim_yoon_1970": (
        'Brown, H. C.; Heim, P.; Yoon, N. M. "Selective Reductions. XV. Reaction of Diborane in '
        'Tetrahydrofuran with Selected Organic Compounds Containing Representative Functional Groups", '
        "J. Am. Chem. Soc. 1970, 92, 1637-1646 (which functional groups BH3·THF reduces)"),
    "yoon_1973": (
        'Yoon, N. M.; Pak, C. S.; Brown, H. C.; Krishnamurthy, S.; Stocky, T. P. "Selective '
        'reductions. XIX. The rapid reaction of carboxylic acids with borane-tetrahydrofuran", '
        "J. Org. Chem. 1973, 38, 2786 (carboxylic acids are reduced fast, before other groups)"),
    "burkhardt_matos_2006": (
        'Burkhardt, E. R.; Matos, K. "Boron Reagents in Process Chemistry: Excellent Tools for '
        'Selective Reductions", Chem. Rev. 2006, 106, 2617-2650'),
    "couturier_2001": (
        "Couturier, M.; Tucker, J. L.; Andresen, B. M.; Dubé, P.; Negri, J. T. Org. Lett. 2001, 3, "
        "465-467 (10 % Pd/C or Raney Ni catalyse the methanolysis of amine-boranes, compatible with "
        "acid-sensitive groups; an N-benzyl amine-borane came out debenzylated)"),
    "monteiro_flanagan_2017": (
        'Monteiro, A. M.; Flanagan, R. C. "Process Safety Considerations for the Use of 1 M Borane '
        'Tetrahydrofuran Complex Under General Purpose Plant Conditions", Org. Process Res. Dev. 2017, '
        "21, 241, DOI 10.1021/acs.oprd.6b00407 (thermal stability of BH3·THF near reflux; diborane "
        "evolution; autoignition of diborane in air at 136-139 °C)"),
    "kanth_brown_2000": (
        "Kanth, J. V. B.; Brown, H. C. Inorg. Chem. 2000 (borane from NaBH4 and BF3·OEt2 in ethers)"),
    "mckennon_meyers_1993": (
        "McKennon, M. J.; Meyers, A. I. et al. J. Org. Chem. 1993, 58, 3568 "
        "(NaBH4-I2 reduction of amino acids to amino alcohols)"),
    "periasamy_2000": (
        "Periasamy, M.; Thirumalaikumar, M. J. Organomet. Chem. 2000, 609, 137-151 (NaBH4 with I2 in "
        "THF gives BH3·THF for hydroborations and reductions)"),
    "greene_wuts_2014": (
        "Wuts, P. G. M. Greene's Protective Groups in Organic Synthesis, 5th ed., Wiley, 2014 "
        "(Boc, tert-butyl esters and ethers, acetals and silyl ethers are cleaved by strong aqueous acid; "
        "Cbz, benzyl ethers and benzyl esters by hydrogenolysis on Pd)"),
    "soom_thiemann_2016": (
        "Soom, N.; Thiemann, T. Int. J. Org. Chem. 2016, 6, 1-11 (O-benzyl ethers and benzyl esters "
        "are removed by hydrogenolysis on Pd/C, under which C=C bonds are hydrogenated)"),
    "reading_notes_workup": (
        'BoraneGUI reading notes on the note, "Work-up and side reactions" (general practice stated '
        "there without a single named reference)"),
    "boranegui_judgement": "BoraneGUI's judgement (no published source found; stated as such)",
}


def cite(ids: Iterable[str]) -> str:
    """The references for ``ids``, joined for a footnote; an unknown id is a programming error."""
    return "; ".join(SOURCES[i] for i in ids)


def short(source_id: str) -> str:
    """The short form of a reference (authors, journal, year, volume, first page), for inline text."""
    text = SOURCES[source_id]
    return text.split(" (", 1)[0] if not source_id.startswith("note_") else "the note"
