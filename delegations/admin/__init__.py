"""The organisers' admin for people and attendance, and what delegations adds to the
programme's admin pages (registered from this side, so `summits` never imports us)."""

from . import attendance, mail, people, programme

__all__ = ["attendance", "mail", "people", "programme"]
