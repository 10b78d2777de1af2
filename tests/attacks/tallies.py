"""How many inputs each attack tried and how they ended, printed at the end of the run."""

from collections import Counter

TALLIES: dict[str, Counter] = {}


def tally(attack: str, outcomes: Counter) -> None:
    TALLIES.setdefault(attack, Counter()).update(outcomes)


def lines() -> list[str]:
    return [
        f"{attack}: {sum(outcomes.values())} inputs ("
        + ", ".join(f"{name} {count}" for name, count in sorted(outcomes.items()))
        + ")"
        for attack, outcomes in TALLIES.items()
    ]
