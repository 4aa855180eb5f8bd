"""The printable protocol: one document, rendered to PDF, print preview or a printer.

For the GUI: ``document.make_report(run, revised, diagnosis=, substrate=, run_path=,
rules_path=)`` collects a Report; ``export.save_pdf_interactive(parent, report)`` is the
Export PDF button, ``export.print_document(parent, report)`` prints (Ctrl+P),
``export.preview(parent, report)`` shows the print preview.  Headless:
``export.export_pdf_headless(run, revised, out_path, run_path, rules_path)``.
Call ``fonts.register_fonts()`` once a QGuiApplication exists (export does it too).
Nothing here is imported with the package, so importing it never loads Qt.
"""
