"""Attendee spreadsheets (CSV and XLSX): reading, checking and planning an import, writing
it, exports, and the django-import-export resources and admin that put them in the admin."""
