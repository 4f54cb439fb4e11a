"""Sphinx configuration: MyST Markdown pages plus an API reference generated at build time
(docs/_ext/xnp_apigen.py writes docs/api/*.md from the modules' public names and
docstrings; that folder is gitignored)."""

import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE / "_ext"))

project = "xnp"
author = "xnp contributors"
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "xnp_apigen"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_heading_anchors = 3
autodoc_typehints = "none"
napoleon_numpy_docstring = True
html_theme = "alabaster"
html_static_path = []
suppress_warnings = ["myst.xref_missing", "ref.python", "ref.ref"]
# alabaster's default 940px column clips 90-column code blocks (seen in screenshots)
html_theme_options = {"page_width": "1180px", "body_max_width": "none"}
