"""The printable protocol: one document, rendered to PDF or a printer."""
