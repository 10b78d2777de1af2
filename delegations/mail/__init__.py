"""Mail to delegates: each message a row of the outbox, composed in the delegate's language,
sent once by a Celery task through Django's mail backend (docs/mail.md)."""
