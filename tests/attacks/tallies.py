"""How many inputs each attack tried and how they ended, printed at the end of the run."""

from collections import Counter

TALLIES: dict[str, Counter] = {}
INPUTS: Counter = Counter()


def tally(attack: str, outcomes: dict[str, int], *, inputs: int | None = None) -> None:
    """Record outcomes; `inputs` defaults to their sum (each input has one outcome)."""
    TALLIES.setdefault(attack, Counter()).update(outcomes)
    INPUTS[attack] += sum(outcomes.values()) if inputs is None else inputs


def lines() -> list[str]:
    return [
        f"{attack}: {INPUTS[attack]} inputs ("
        + ", ".join(f"{name} {count}" for name, count in sorted(outcomes.items()))
        + ")"
        for attack, outcomes in TALLIES.items()
    ]
