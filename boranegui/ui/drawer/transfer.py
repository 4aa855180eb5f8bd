"""The drawer's ways in and out: clipboard, drag and drop, files, and off-thread layout of large structures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QWidget
from rdkit import Chem

from boranegui.core import yamlio

from . import formats, layout_job
from .background import LayoutService
from .formats import Record, StructureError
from .layout_job import BACKGROUND_LAYOUT_ATOMS
from .model import MoleculeModel

if TYPE_CHECKING:
    from .scene import DrawerScene
    from .view import DrawerView

    _Base = QWidget
else:
    _Base = object

MOLFILE_MIME = "chemical/x-mdl-molfile"
SMILES_MIME = "chemical/x-daylight-smiles"
SVG_MIME = "image/svg+xml"


class TransferMixin(_Base):
    """Clipboard, drops and files for ``MoleculeDrawer``; large layouts go to a worker process."""

    model: MoleculeModel
    scene: DrawerScene
    view: DrawerView
    _layouts: LayoutService
    _layout_requests: dict[int, tuple[Chem.Mol, str, bool]]
    _job_counter: int
    _cleanup_for: tuple[tuple[str, int], bytes] = (("cleanup", 0), b"")  # the request and its drawing

    if TYPE_CHECKING:  # provided by MoleculeDrawer

        def _say(self, text: str, error: bool = True) -> None: ...

        def fit_to_view(self) -> None: ...

        def delete_selection(self) -> None: ...

    def _selected_fragment(self) -> Chem.Mol:
        atoms = self.scene.selected_atoms()
        mol = self.model.mol
        if not atoms or len(atoms) == mol.GetNumAtoms():
            return Chem.Mol(mol)
        keep = {self.model.atom_index(a) for a in atoms}
        frag = Chem.RWMol(mol)
        for idx in sorted((i for i in range(mol.GetNumAtoms()) if i not in keep), reverse=True):
            frag.RemoveAtom(idx)
        return frag

    def mime_data(self) -> QMimeData:
        """SMILES, MOL, SVG and PNG of the selection (or everything) in one clipboard entry."""
        mol = self._selected_fragment()
        data = QMimeData()
        smiles = formats.to_smiles(mol)
        data.setText(smiles)
        data.setData(SMILES_MIME, QByteArray(smiles.encode()))
        data.setData(MOLFILE_MIME, QByteArray(formats.to_molblock(mol).encode()))
        data.setData(SVG_MIME, QByteArray(formats.to_svg(mol).encode()))
        data.setImageData(QImage.fromData(formats.to_png(mol), "PNG"))
        return data

    def copy(self) -> None:
        if self.model.is_empty():
            return
        QApplication.clipboard().setMimeData(self.mime_data())
        self._say("")

    def cut(self) -> None:
        if self.scene.selected_atoms() or self.scene.selected_bonds():
            self.copy()
            self.delete_selection()

    def paste(self) -> None:
        self.accept_mime(QApplication.clipboard().mimeData(), "clipboard")

    def can_accept(self, data: QMimeData | None) -> bool:
        return data is not None and (data.hasUrls() or data.hasText() or data.hasFormat(MOLFILE_MIME))

    def accept_mime(self, data: QMimeData | None, source: str) -> bool:
        """Paste or drop: a MOL/SDF/SMILES text, or structure files. Errors go to the message line."""
        if data is None:
            return False
        try:
            if data.hasUrls() and any(u.isLocalFile() for u in data.urls()):
                path = next(u.toLocalFile() for u in data.urls() if u.isLocalFile())
                record = self._choose(formats.read_file(path), Path(path).name)
            elif data.hasFormat(MOLFILE_MIME):
                text = bytes(data.data(MOLFILE_MIME).data()).decode("utf-8", "replace")
                record = self._choose(formats.read_records(text, source), source)
            elif data.hasText():
                record = self._choose(formats.read_records(data.text(), source), source)
            else:
                self._say(f"{source}: nothing that looks like a structure")
                return False
        except StructureError as exc:
            self._say(str(exc))
            return False
        if record is None:
            return False
        self._insert(record.mol, "Paste" if source == "clipboard" else "Drop")
        return True

    def _insert(self, mol: Chem.Mol, text: str, replace: bool = False) -> None:
        """Load into an empty canvas, else add beside the drawing. A large molecule is made
        ready (2D layout, Kekulé form, stereo marks) in the worker process, off the GUI thread."""
        if mol.GetNumAtoms() > BACKGROUND_LAYOUT_ATOMS:
            self._job_counter += 1  # never reused: a late result of a dropped request is ignored
            token = self._job_counter
            if self._layouts.submit(token, mol):
                self._layout_requests[token] = (mol, text, replace)
                self._say(f"Laying out {mol.GetNumAtoms()} atoms…", error=False)
                return
        self._place(mol, text, replace)

    def clean_up(self) -> None:
        """Re-lay out the drawing with RDKit (one undo step); a large one in the worker process.

        The result is applied only to the drawing it was made for: an edit made while the
        worker ran wins, and the late layout is dropped.
        """
        mol = self.model.mol
        if mol.GetNumAtoms() > BACKGROUND_LAYOUT_ATOMS:
            self._job_counter += 1
            token = ("cleanup", self._job_counter)
            if self._layouts.submit(token, mol, layout_job.cleanup_job):
                self._cleanup_for = (token, self.model.snapshot())
                self._say(f"Laying out {mol.GetNumAtoms()} atoms…", error=False)
                return
        self.model.clean_up()

    def _on_cleanup(self, token: tuple[str, int], result: Any) -> None:
        expected, snapshot = self._cleanup_for
        if token != expected:
            return
        self._cleanup_for = (("cleanup", 0), b"")
        self._say("")
        if snapshot != self.model.snapshot():
            return  # the drawing changed meanwhile: its clean-up no longer fits
        if result is None:  # the worker failed: do it here rather than not at all
            self.model.clean_up()
            return
        layout, precomputed = result
        self.scene.expect_looks(precomputed)  # the worker drew it already: no second look pass
        self.model.clean_up(layout)
        self.scene.expect_looks(None)

    def _on_worker_done(self, token: Any, result: Any) -> None:
        if isinstance(token, tuple):  # ("cleanup", n): a new layout of the drawing itself
            self._on_cleanup(token, result)
            return
        request = self._layout_requests.pop(token, None)
        if request is None:
            return
        original, text, replace = request
        if result is None:  # the worker failed: do it here rather than lose the structure
            self._place(original, text, replace)
            return
        data, precomputed = result
        if replace or self.model.is_empty():
            self.scene.expect_looks(precomputed)  # the worker drew it already: no second look pass
        self._place(Chem.Mol(data), text, replace, prepared=True)
        self.scene.expect_looks(None)

    def layout_pending(self) -> bool:
        """True while a large structure (or its clean-up) is being laid out in the background."""
        return bool(self._layout_requests) or self._cleanup_for[1] != b""

    def _place(self, mol: Chem.Mol, text: str, replace: bool = False, prepared: bool = False) -> None:
        if replace or self.model.is_empty():
            self.model.load(mol, text, prepared=prepared)
        else:
            self.model.insert_fragment(mol, ("right", None), text, prepared=prepared)
        self.fit_to_view()
        self._say("")

    def _choose(self, records: list[Record], source: str) -> Record | None:
        """SDF with several molecules: ask which one (the first is the default)."""
        if len(records) == 1:
            return records[0]
        names = [f"{i + 1}: {r.name}" for i, r in enumerate(records)]
        choice, ok = QInputDialog.getItem(
            self, "Choose a molecule", f"{source} holds {len(records)} molecules:", names, 0, False
        )
        if not ok:
            return None
        return records[names.index(choice)]

    def open_file(self, path: str | None = None) -> bool:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self,
                "Open structure",
                "",
                "Structures (*.mol *.sdf *.sd *.smi *.smiles *.txt);;All files (*)",
            )
            if not path:
                return False
        try:
            record = self._choose(formats.read_file(path), Path(path).name)
        except StructureError as exc:
            self._say(str(exc))
            return False
        if record is None:
            return False
        self._insert(record.mol, f"Open {Path(path).name}", replace=True)
        return True

    def export_file(self, path: str | None = None) -> bool:
        """Save the drawing; the format follows the extension (.svg, .png, .mol, .sdf)."""
        if not path:
            path, chosen = QFileDialog.getSaveFileName(
                self,
                "Export structure",
                "structure.svg",
                "SVG picture (*.svg);;PNG picture (*.png);;MOL V2000 (*.mol);;MOL V3000 (*.mol)",
            )
            if not path:
                return False
        else:
            chosen = ""
        suffix = Path(path).suffix.lower()
        mol = self.model.mol
        try:
            if suffix == ".png":
                yamlio.write_bytes_atomic(path, formats.to_png(mol))
            elif suffix == ".svg":
                yamlio.write_text_atomic(path, formats.to_svg(mol))
            elif suffix in (".mol", ".sdf", ".sd"):
                block = formats.to_molblock(mol, v3000="V3000" in chosen)
                yamlio.write_text_atomic(path, block + ("$$$$\n" if suffix != ".mol" else ""))
            else:
                self._say(f"{path}: unknown picture or structure type {suffix or '(none)'}; use .svg, .png or .mol")
                return False
        except OSError as exc:
            self._say(f"{path}: cannot write: {exc.strerror or exc}")
            return False
        return True

