"""A NumPy-style statistics script, written once against a module called ``np``, run unchanged
with ``np`` bound to NumPy and to xnp: every result it prints must agree. It uses the API the
way NumPy users do (lists, Python scalars, keyword arguments, tuples of results, poly1d)."""

import numpy
import pytest

import xnp

SCRIPT = """
rng = numpy.random.default_rng(42)
samples = np.asarray(rng.normal(loc=3.0, scale=2.0, size=500))
weights = np.asarray(rng.uniform(0.5, 1.5, size=500))
out["mean"] = np.average(samples, weights=weights)
out["median"] = np.median(samples)
out["quartiles"] = np.percentile(samples, [25, 50, 75])
counts, edges = np.histogram(samples, bins=20, range=(-5, 11))
out["counts"], out["edges"] = counts, edges
out["density"] = np.histogram(samples, bins="auto", density=True)[0]
centers = (edges[:-1] + edges[1:]) / 2
out["mode_bin"] = centers[np.argmax(counts)]
out["cdf"] = np.cumsum(counts) / np.sum(counts)
out["interp_q"] = np.interp([0.1, 0.5, 0.9], out["cdf"], centers)
classes = np.digitize(samples, [0.0, 3.0, 6.0])
out["class_counts"] = np.bincount(classes, minlength=4)
pairs = np.stack([samples[:250], samples[250:] * 0.5 + samples[:250]])
out["cov"] = np.cov(pairs)
out["corr"] = np.corrcoef(pairs)[0, 1]
h2, xe, ye = np.histogram2d(pairs[0], pairs[1], bins=[4, 5])
out["h2"] = h2
x = np.linspace(0, 1, 50)
y = 2 * x**2 - x + 0.5 + 0.01 * np.asarray(rng.standard_normal(50))
coef = np.polyfit(x, y, 2)
out["coef"] = coef
p = np.poly1d(coef)
out["fit_at"] = p(np.asarray([0.25, 0.75]))
out["deriv_roots"] = np.roots(np.polyder(coef))
out["area"] = np.trapezoid(y, x)
out["slope"] = np.gradient(y, x)[[0, 25, 49]]
smooth = np.convolve(y, np.hanning(7) / np.sum(np.hanning(7)), mode="same")
out["smooth"] = smooth[::10]
out["diffs"] = np.diff(np.sort(samples)[:10], n=2)
phase = np.unwrap(np.angle(np.exp(1j * np.linspace(0, 20, 30))))
out["phase"] = phase[-1]
zscore = np.vectorize(lambda v, m, s: (v - m) / s)
out["z"] = zscore(samples[:5], np.mean(samples), np.std(samples))
"""


def _run(module):
    out = {}
    exec(SCRIPT, {"np": module, "numpy": numpy, "out": out})  # noqa: S102
    return out


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_statistics_script_agrees_with_numpy():
    want, got = _run(numpy), _run(xnp)
    assert want.keys() == got.keys()
    for key, w in want.items():
        g = numpy.asarray(got[key])
        w = numpy.asarray(w)
        assert g.shape == w.shape, (key, g.shape, w.shape)
        if key == "deriv_roots":
            g, w = numpy.sort_complex(g), numpy.sort_complex(w)
        numpy.testing.assert_allclose(g, w, rtol=1e-9, atol=1e-12, err_msg=key)
