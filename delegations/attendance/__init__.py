"""Attendance at a summit: the desk, sign-ups and waiting lists, agendas, badges, the
dashboard's figures, the audit trail and the staff groups. Writes go through `checkin`,
`signups` and `delegates`; each records an audit event (`audit`)."""
