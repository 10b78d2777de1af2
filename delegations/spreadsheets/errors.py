"""The one error of reading a spreadsheet file (`reading`, `workbooks`)."""


class SheetError(Exception):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""
