"""Logging filters for the project's LOGGING setting."""

import logging
import threading
import time

INTERVAL = 60.0


class OnceAMinute(logging.Filter):
    """Let one record of each kind (logger, message, exception type) through a minute.

    django-redis logs every cache call it gives up on; with Redis down that is several
    tracebacks a request. One a minute says the same, and says it again while it lasts."""

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self._last: dict[tuple, float] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[0] if record.exc_info else None
        kind = (record.name, record.msg, error)
        now = time.monotonic()
        with self._lock:
            last = self._last.get(kind)
            if last is not None and now - last < INTERVAL:
                return False
            self._last[kind] = now
        return True
