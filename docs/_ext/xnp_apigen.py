"""Sphinx extension: write one API page per public xnp module (docs/api/<module>.md) before
the sources are read, listing every public name with its docstring via autodoc.

A module is listed if it imports; its public names are ``__all__`` or the names in
``dir()`` not starting with ``_`` (submodules go to their own page). Docstrings are rendered
with autodoc's ``:no-index:`` so re-exports of one object on several pages do not clash.
"""

import importlib
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
    return sorted(n for n in names if not inspect.ismodule(getattr(mod, n, None)))


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
    index = ["# API reference", "", "Generated from the modules' docstrings.", "",
             "```{toctree}", ":maxdepth: 1", "", *present, "```", ""]  # fmt: skip
    (out / "index.md").write_text("\n".join(index))


def setup(app):
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "version": "0.1"}
