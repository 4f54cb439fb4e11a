"""Sphinx extension: write one API page per public xnp module (docs/api/<module>.md) before
the sources are read, listing every public name with its docstring via autodoc.

A module is listed if it imports; its public names are ``__all__`` or the names in
``dir()`` not starting with ``_`` (submodules go to their own page). Docstrings are rendered
with autodoc's ``:no-index:`` so re-exports of one object on several pages do not clash.
"""

import __future__

import importlib
import importlib.util
import inspect
import pathlib

MODULES = [
    "xnp", "xnp.lax", "xnp.lax.linalg", "xnp.random", "xnp.linalg", "xnp.fft", "xnp.tree_util",
    "xnp.scipy", "xnp.scipy.special", "xnp.scipy.linalg", "xnp.scipy.stats",
    "xnp.example_libraries", "xnp.example_libraries.stax", "xnp.example_libraries.optimizers",
]  # fmt: skip


def public_names(mod):
    names = getattr(mod, "__all__", None)
    if names is None:
        names = [n for n in dir(mod) if not n.startswith("_")]
    # submodules get their own page; ``from __future__ import annotations`` is no API
    return sorted(
        n
        for n in names
        if not inspect.ismodule(getattr(mod, n, None))
        and not isinstance(getattr(mod, n, None), __future__._Feature)
    )


def directive(obj):
    if inspect.isclass(obj):
        return "autoclass"
    if callable(obj):
        return "autofunction"
    return "autodata"


def page(modname, mod):
    lines = [f"# `{modname}`", ""]
    doc = inspect.getdoc(mod)
    if doc:
        lines += ["```{eval-rst}", f".. automodule:: {modname}", "   :no-index:", "```", ""]
    names = public_names(mod)
    lines += [f"{len(names)} public names.", ""]
    for name in names:
        obj = getattr(mod, name)
        lines += ["```{eval-rst}", f".. {directive(obj)}:: {modname}.{name}", "   :no-index:"]
        lines += ["```", ""]
    return "\n".join(lines)


def load_coverage(root):
    """Tables from tests/coverage/<name>.py (absent: none): each module may define
    ``UPSTREAM`` (the upstream library's public names) and ``MISSING`` (names xnp lacks, a
    mapping name -> reason, or a collection of names)."""
    tables = {}
    folder = pathlib.Path(root) / "tests" / "coverage"
    for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
        if path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"_xnp_coverage_{path.stem}", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        upstream = getattr(mod, "UPSTREAM", None)
        if upstream is None:
            continue
        missing = getattr(mod, "MISSING", {}) or {}
        if not isinstance(missing, dict):
            missing = {name: "" for name in missing}
        tables[path.stem] = (sorted(upstream), missing)
    return tables


def coverage_page(tables):
    lines = ["# Coverage", "", "Generated from the tables in `tests/coverage/`, the same data the",
             "namespace test checks.", ""]  # fmt: skip
    for lib, (upstream, missing) in tables.items():
        supported = sum(1 for n in upstream if n not in missing)
        lines += [f"## {lib}", "", f"{supported} of {len(upstream)} names supported.", "",
                  "| name | status |", "| --- | --- |"]  # fmt: skip
        for name in upstream:
            reason = missing.get(name)
            status = "supported" if reason is None else f"missing: {reason}".rstrip(": ")
            lines.append(f"| `{name}` | {status.replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)


def generate(app):
    out = pathlib.Path(app.srcdir) / "api"
    out.mkdir(exist_ok=True)
    present = []
    for modname in MODULES:
        try:
            mod = importlib.import_module(modname)
        except ImportError:
            continue
        present.append(modname)
        text = page(modname, mod)
        path = out / f"{modname}.md"
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
    tables = load_coverage(pathlib.Path(app.srcdir).parent)
    if tables:
        (out / "coverage.md").write_text(coverage_page(tables))
        present.append("coverage")
    index = ["# API reference", "", "Generated from the modules' docstrings.", "",
             "```{toctree}", ":maxdepth: 1", "", *present, "```", ""]  # fmt: skip
    (out / "index.md").write_text("\n".join(index))


def setup(app):
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "version": "0.1"}
