"""Import hygiene: every module imports alone, and _src has no import cycle.

Each module under src/xnp is imported in a fresh interpreter with nothing
imported before it, so a module that only works after some other module was
imported first (an import-order dependence) fails here.  The cycle check reads
the module-level imports of every ``xnp._src`` module (function-body imports
are not edges) and fails on any strongly connected component that is not in
``ALLOWED_CYCLES``.
"""

import ast
import os
import pathlib
import subprocess
import sys

import pytest

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"
PKG = SRC / "xnp"

# Cycles among xnp._src modules that are known and allowed, each with its
# reason.  A frozenset of module names per cycle (strongly connected
# component).  Keep this empty; docs/architecture.md lists any entry.
ALLOWED_CYCLES: dict[frozenset, str] = {}


def _module_name(path):
  rel = path.relative_to(SRC).with_suffix("")
  parts = list(rel.parts)
  if parts[-1] == "__init__":
    parts = parts[:-1]
  return ".".join(parts)


def _all_modules():
  return sorted(_module_name(p) for p in PKG.rglob("*.py"))


def _is_package(name):
  return (SRC / pathlib.Path(*name.split(".")) / "__init__.py").exists()


def _resolve(name, node):
  """Absolute module names one ImportFrom/Import node at module level names."""
  if isinstance(node, ast.Import):
    return [a.name for a in node.names]
  if node.level:
    base = name.split(".") if _is_package(name) else name.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    mod = ".".join(base + ([node.module] if node.module else []))
  else:
    mod = node.module or ""
  out = [mod]
  # `from pkg import sub` imports the submodule pkg.sub when it exists.
  for a in node.names:
    out.append(f"{mod}.{a.name}")
  return out


def _module_level_imports(tree):
  """Import nodes executed at import time (not inside def/lambda bodies)."""
  stack = list(tree.body)
  while stack:
    node = stack.pop()
    if isinstance(node, (ast.Import, ast.ImportFrom)):
      yield node
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
      continue
    else:
      for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.stmt):
          stack.append(child)


def _import_graph():
  modules = {m for m in _all_modules() if m.startswith("xnp._src")}
  graph = {}
  for m in modules:
    path = SRC / pathlib.Path(*m.split("."))
    path = path / "__init__.py" if _is_package(m) else path.with_suffix(".py")
    tree = ast.parse(path.read_text())
    deps = set()
    for node in _module_level_imports(tree):
      for target in _resolve(m, node):
        if target in modules and target != m:
          deps.add(target)
    graph[m] = deps
  return graph


def _strongly_connected(graph):
  index, low, on, stack, out = {}, {}, set(), [], []
  counter = [0]

  def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in graph[v]:
      if w not in index:
        visit(w)
        low[v] = min(low[v], low[w])
      elif w in on:
        low[v] = min(low[v], index[w])
    if low[v] == index[v]:
      comp = set()
      while True:
        w = stack.pop()
        on.discard(w)
        comp.add(w)
        if w == v:
          break
      out.append(comp)

  sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
  for v in sorted(graph):
    if v not in index:
      visit(v)
  return out


def test_no_import_cycles():
  graph = _import_graph()
  # A package's __init__ importing its own submodules is not a cycle of
  # interest when the submodules import the package only for its children;
  # drop edges from a submodule to its own parent package.
  for m, deps in graph.items():
    graph[m] = {d for d in deps if not m.startswith(d + ".")}
  cycles = [frozenset(c) for c in _strongly_connected(graph) if len(c) > 1]
  bad = [sorted(c) for c in cycles if c not in ALLOWED_CYCLES]
  assert not bad, f"import cycles among xnp._src modules: {bad}"


def _chunks(seq, n):
  k = max(1, (len(seq) + n - 1) // n)
  return [seq[i : i + k] for i in range(0, len(seq), k)]


# One subprocess per module would cost an interpreter start each; instead each
# worker process forks a fresh child per module, so every xnp module still
# imports with no other xnp module imported before it.
_WORKER = r"""
import os, sys, importlib, traceback
# Third-party dependencies load once before forking (they are not xnp, so the
# isolation of xnp's modules from each other is kept); each child then pays
# only for xnp's own modules.
import numpy, ml_dtypes  # noqa: F401
try:
  import jaxlib.xla_client  # noqa: F401
except ImportError:
  pass
failed = []
for name in sys.argv[1:]:
  r, w = os.pipe()
  pid = os.fork()
  if pid == 0:
    os.close(r)
    try:
      importlib.import_module(name)
      code = 0
    except BaseException:
      os.write(w, traceback.format_exc().encode())
      code = 1
    os._exit(code)
  os.close(w)
  msg = b""
  while True:
    chunk = os.read(r, 65536)
    if not chunk:
      break
    msg += chunk
  os.close(r)
  _, status = os.waitpid(pid, 0)
  if status:
    failed.append(name + ":\n" + msg.decode())
if failed:
  sys.stderr.write("\n".join(failed))
  sys.exit(1)
"""


@pytest.mark.parametrize("batch", range(2))
def test_every_module_imports_alone(batch):
  if not hasattr(os, "fork"):
    pytest.skip("needs os.fork")
  names = _chunks(_all_modules(), 2)[batch]
  env = dict(os.environ, PYTHONPATH=str(SRC))
  proc = subprocess.run(
      [sys.executable, "-c", _WORKER, *names],
      env=env, capture_output=True, text=True, timeout=300,
  )
  assert proc.returncode == 0, proc.stderr[-5000:]


# ----------------------------------------------------------------------------- public surface

PUBLIC = ["xnp", "xnp.lax", "xnp.lax.linalg", "xnp.random", "xnp.linalg", "xnp.fft",
          "xnp.tree_util", "xnp.scipy", "xnp.scipy.linalg", "xnp.scipy.fft",
          "xnp.scipy.special"]  # fmt: skip
_NOT_API = {"annotations", "Any", "Callable", "Sequence", "TypeAlias", "NamedTuple"}


@pytest.mark.parametrize("name", PUBLIC)
def test_public_namespaces_do_not_leak_imports(name):
    # A star import without __all__ leaks the star-imported module's own imports (numpy as
    # onp, typing names, xnp._src modules) into the public namespace.
    import importlib
    import types

    mod = importlib.import_module(name)
    leaked = sorted(
        n for n, v in vars(mod).items()
        if not n.startswith("_")
        and ((isinstance(v, types.ModuleType) and not v.__name__.startswith(name + "."))
             or n in _NOT_API)
    )  # fmt: skip
    assert not leaked, f"{name} exposes names that are not its API: {leaked}"


def test_star_imported_modules_declare_all():
    import types

    from xnp._src import core
    from xnp._src.lax import elementwise
    from xnp._src.numpy import namespace, ufuncs

    for mod in (namespace, ufuncs, elementwise):
        assert hasattr(mod, "__all__"), f"{mod.__name__} is star-imported and has no __all__"
    # namespace computes __all__ last: a public name defined after it would be dropped.
    missing = sorted(
        n for n, v in vars(namespace).items()
        if not n.startswith("_") and not isinstance(v, types.ModuleType) and n != "annotations"
        and n not in namespace.__all__
    )  # fmt: skip
    assert not missing, f"defined after namespace.__all__ (move them above it): {missing}"
    # every elementwise op defined with define() reaches xnp.lax
    ops = {n for n, v in vars(elementwise).items() if isinstance(v, core.Primitive)
           and not n.startswith("_") and v.name != "add_any"}  # fmt: skip
    assert ops - set(elementwise.__all__) == set()


# Function-body imports of xnp modules that issue 10 item 3 (the compile-once helper below the
# NumPy layer) removes; every other one must say on its line why it cannot be at the top.
_PENDING_BODY_IMPORTS = {
    ("xnp._src.numpy.reductions", "xnp._src.api"),
    ("xnp._src.numpy.ufunc_impls", "xnp._src.api"),
}


def test_function_body_imports_say_why():
    modules = {m for m in _all_modules() if m.startswith("xnp._src")}
    bad = []
    for m in sorted(modules):
        path = SRC / pathlib.Path(*m.split("."))
        path = path / "__init__.py" if _is_package(m) else path.with_suffix(".py")
        text = path.read_text()
        lines = text.splitlines()
        tree = ast.parse(text)
        top = {id(n) for n in _module_level_imports(tree)}
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)) or id(node) in top:
                continue
            targets = [t for t in _resolve(m, node) if t == "xnp" or t.startswith("xnp.")]
            if not targets or any((m, t) in _PENDING_BODY_IMPORTS for t in targets):
                continue
            if "#" not in lines[node.end_lineno - 1]:
                bad.append(f"{m}:{node.lineno}: {ast.unparse(node)}")
    assert not bad, (
        "function-body imports without a reason (move them to the top, or say on the line "
        f"which cycle forces them): {bad}"
    )
