"""The documentation cannot rot: the Sphinx site builds with warnings as errors (API pages
generated from the docstrings), every ```python block on every docs page runs (a block of
``>>>`` examples runs as a doctest, its outputs checked; blocks of one page share a
namespace, in order; put ``<!-- no-run -->`` on the line before a block that must not run),
and the docstring examples of the public modules pass as doctests (run in
their module's namespace, with ``xnp`` bound)."""

import doctest
import importlib
import importlib.util
import inspect
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.glob("*.md"))
BLOCK = re.compile(r"(<!-- no-run -->\s*\n)?[ \t]*```python\n(.*?)```", re.S)
HAS_SPHINX = (importlib.util.find_spec("sphinx") is not None
              and importlib.util.find_spec("myst_parser") is not None)  # fmt: skip
sys.path.insert(0, str(DOCS / "_ext"))
import xnp_apigen  # noqa: E402


def dedent_block(text):
    lines = text.splitlines()
    indent = min((len(l) - len(l.lstrip()) for l in lines if l.strip()), default=0)
    return "\n".join(l[indent:] for l in lines)


@pytest.mark.skipif(not HAS_SPHINX, reason="sphinx and myst-parser are not installed")
def test_sphinx_build_without_warnings(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(tmp_path / "doctrees"), str(DOCS), str(tmp_path / "html")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-5000:]
    api = (tmp_path / "html" / "api" / "xnp.html").read_text()
    assert "xnp.jit" in api and "xnp.grad" in api
    assert (tmp_path / "html" / "api" / "xnp.example_libraries.stax.html").exists()


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_code_blocks_run(page):
    namespace = {"__name__": f"docs_{page.stem}"}
    for match in BLOCK.finditer(page.read_text()):
        if match.group(1):
            continue
        code = dedent_block(match.group(2))
        if code.lstrip().startswith(">>>"):  # a doctest-style block: its outputs are checked
            test = doctest.DocTestParser().get_doctest(code, namespace, page.stem, page.name, 0)
            runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
            runner.run(test, clear_globs=False)
            assert runner.summarize(verbose=False).failed == 0, f"{page.name}: doctest block fails"
        else:
            exec(compile(code, f"{page.name} block", "exec"), namespace)


def modules():
    out = []
    for name in xnp_apigen.MODULES:
        try:
            out.append(importlib.import_module(name))
        except ImportError:
            pass
    return out


def test_every_public_name_is_on_its_api_page():
    for mod in modules():
        page = xnp_apigen.page(mod.__name__, mod)
        for name in xnp_apigen.public_names(mod):
            assert f"{mod.__name__}.{name}\n" in page


@pytest.mark.parametrize("mod", modules(), ids=lambda m: m.__name__)
def test_docstring_examples(mod):
    finder = doctest.DocTestFinder(recurse=False, exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    seen = set()
    objs = [mod] + [getattr(mod, n) for n in xnp_apigen.public_names(mod)]
    for obj in objs:
        if id(obj) in seen or not (inspect.isroutine(obj) or inspect.isclass(obj)
                                   or inspect.ismodule(obj)):  # fmt: skip
            continue
        seen.add(id(obj))
        owner = getattr(obj, "__module__", None) or "xnp"
        if not owner.startswith("xnp"):
            continue  # re-exported from NumPy (LinAlgError): its docstring is NumPy's
        name = getattr(obj, "__name__", repr(obj))
        globs = {**vars(mod), "xnp": importlib.import_module("xnp")}
        for test in finder.find(obj, name, module=False, globs=globs):
            runner.run(test)
    assert runner.failures == 0, f"{runner.failures} docstring example(s) failed in {mod}"


def test_coverage_page_from_tables(tmp_path):
    folder = tmp_path / "tests" / "coverage"
    folder.mkdir(parents=True)
    (folder / "numpy.py").write_text(
        'UPSTREAM = ["abs", "sin", "frompyfunc"]\nMISSING = {"frompyfunc": "Python callbacks"}\n'
    )
    tables = xnp_apigen.load_coverage(tmp_path)
    page = xnp_apigen.coverage_page(tables)
    assert "2 of 3 names supported." in page
    assert "| `frompyfunc` | missing: Python callbacks |" in page
    assert "| `sin` | supported |" in page
    assert xnp_apigen.load_coverage(tmp_path / "absent") == {}
