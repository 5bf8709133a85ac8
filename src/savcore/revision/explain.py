"""The French audit text of a revision: formula, index values with their periods and publication
dates, raw and rounded coefficient, limits, as a public buyer's auditor reads it."""

from __future__ import annotations

from decimal import Decimal

from savcore.model.indices import (
    CoefficientResult,
    IndexReading,
    Revision,
    RevisionClause,
    RevisionFormula,
    RevisionSubject,
)
from savcore.money import Rounding

__all__ = ["explain", "explain_result"]

_SUBJECTS = {
    RevisionSubject.CONTRACT: "contrat",
    RevisionSubject.PRICE_SCHEDULE: "bordereau de prix",
}


_ROUNDINGS = {
    Rounding.HALF_UP: "au plus proche, la demie vers le haut",
    Rounding.HALF_EVEN: "au plus proche, la demie au pair",
    Rounding.UP: "par excès",
    Rounding.DOWN: "par défaut (troncature)",
}


def _formula(formula: RevisionFormula) -> str:
    parts = [_num(formula.fixed)] if formula.fixed else []
    parts += [f"{_num(t.weight)} × {t.index}/{t.index}₀" for t in formula.terms]
    return " + ".join(parts)


def _num(value: Decimal) -> str:
    """French notation: decimal comma, no trailing zeros beyond what was given."""
    return format(value, "f").replace(".", ",")


def _month(reading: IndexReading) -> str:
    p = reading.period
    if p.days <= 31 and p.start.day == 1 and p.end.day == 1:
        return f"{p.start:%m/%Y}"
    return str(p)


def _reading(reading: IndexReading) -> str:
    if reading.stated:
        return f"{_num(reading.value)} (valeur fixée au contrat)"
    status = "provisoire" if reading.provisional else "définitif"
    text = f"{_num(reading.value)} ({_month(reading)}"
    if reading.published_on is not None:
        text += f", publié le {reading.published_on:%d/%m/%Y}"
    text += f", {status}"
    if reading.series != reading.index or reading.linking_coefficient != 1:
        text += (
            f", lu sur {reading.series} = {_num(reading.raw_value)} × coefficient de "
            f"raccordement {_num(reading.linking_coefficient)}"
        )
    if reading.period != reading.requested_period:
        text += f", à la place de {reading.requested_period.start:%m/%Y} non encore publié"
    return text + ")"


def explain_result(result: CoefficientResult, clause: RevisionClause | None = None) -> str:
    """The computation of one coefficient, line by line."""
    title = f"Famille de prix {result.family}" if result.family else "Formule du contrat"
    lines = [f"{title} : C = {_formula(result.formula)}"]
    for term in result.terms:
        lines.append(f"  {term.index} : I₀ = {_reading(term.base)}")
        lines.append(f"  {' ' * len(term.index)}   I  = {_reading(term.current)}")
    parts = [_num(result.formula.fixed)] if result.formula.fixed else []
    parts += [
        f"{_num(t.weight)} × {_num(t.current.value)} / {_num(t.base.value)}" for t in result.terms
    ]
    lines.append(f"  C = {' + '.join(parts)} = {_num(result.raw_coefficient)}…")
    rounding = ""
    if clause is not None:
        rounding = (
            f" (arrondi à {clause.coefficient_digits} décimales, "
            f"{_ROUNDINGS[clause.coefficient_rounding]})"
        )
    lines.append(f"  Coefficient arrondi : {_num(result.rounded_coefficient)}{rounding}")
    if result.safeguard_triggered:
        lines.append("  ATTENTION : seuil de la clause de sauvegarde dépassé")
    if result.cap_applied:
        lines.append(
            f"  Clause butoir appliquée : coefficient limité à {_num(result.applied_coefficient)}"
        )
    if result.neutral_band_applied:
        lines.append(
            "  Variation inférieure à la bande neutre : coefficient inchangé "
            f"({_num(result.previous_coefficient)})"
        )
    if clause is not None and clause.cap is not None and not result.cap_applied:
        lines.append("  Clause butoir : non atteinte")
    lines.append(f"  Coefficient appliqué : {_num(result.applied_coefficient)}")
    return "\n".join(lines)


def explain(revision: Revision, clause: RevisionClause | None = None) -> str:
    """The whole revision as a French audit text (``clause`` adds the rounding rules)."""
    subject = _SUBJECTS[revision.subject]
    head = [
        f"Révision {revision.id} du {subject} {revision.subject_id}",
        f"Date d'application : {revision.application_date:%d/%m/%Y} ; "
        f"mois zéro (M0) : {revision.reference_month.start:%m/%Y} ; "
        f"calculée le {revision.computed_on:%d/%m/%Y} avec les indices publiés à cette date",
    ]
    if revision.supersedes:
        head.append(f"Remplace la révision provisoire {revision.supersedes}")
    if revision.provisional:
        head.append("Révision PROVISOIRE : à régulariser à la publication des valeurs définitives")
    if clause is not None:
        head.append(
            f"Prix révisés : P = P₀ × C arrondi à {clause.price_digits} décimales "
            f"({_ROUNDINGS[clause.price_rounding]})"
        )
    blocks = ["\n".join(head), *(explain_result(r, clause) for r in revision.results)]
    return "\n\n".join(blocks) + "\n"
