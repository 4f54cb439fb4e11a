"""SciPy's ``gaussian_kde``: a Gaussian kernel density estimate over the NumPy layer.

The kernel covariance is the (weighted) data covariance times ``factor**2``; densities are
evaluated in the Cholesky-whitened coordinates (all kernels against all points, memory
``n * m``), ``logpdf`` through a log-sum-exp. Construction, ``evaluate``/``pdf``/``logpdf``
and ``resample`` work eagerly, under ``jit`` and are differentiable in the points and the
data; ``resample`` takes an ``xnp.random`` key.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as onp

from xnp._src.numpy import namespace as jnp
from xnp._src.random import discrete as random_discrete
from xnp._src.random import generator as random_generator
from xnp._src.random import prng, samplers
from xnp._src.scipy import linalg as scipy_linalg
from xnp._src.scipy.special import convenience
from xnp._src.typing import ArrayLike


class gaussian_kde:  # noqa: N801 (SciPy's name)
    """``scipy.stats.gaussian_kde(dataset, bw_method=None, weights=None)``: ``dataset`` is
    ``(d, n)`` (or 1-d for ``d = 1``); ``bw_method`` is ``'scott'`` (default),
    ``'silverman'``, a scalar factor or a callable of the estimator returning the factor.

    Attributes as SciPy's: ``dataset``, ``d``, ``n``, ``weights``, ``neff``, ``factor``,
    ``covariance``, ``inv_cov``, ``cho_cov``, ``log_det``. ``integrate_*`` and
    ``marginal`` are not provided. ``resample`` needs ``key=`` (or ``seed=``: a key, an
    integer or an ``xnp.random.Generator``)."""

    def __init__(self, dataset: ArrayLike, bw_method: Any = None, weights: Any = None) -> None:
        data = jnp.atleast_2d(jnp.asarray(dataset))
        if not jnp.issubdtype(data.dtype, jnp.inexact):
            data = data.astype(onp.float64)
        self.dataset = data
        if data.size <= 1:
            raise ValueError("gaussian_kde: `dataset` input should have multiple elements.")
        self.d, self.n = data.shape
        if weights is not None:
            w = jnp.atleast_1d(jnp.asarray(weights, data.dtype))
            if w.ndim != 1:
                raise ValueError("gaussian_kde: `weights` input should be one-dimensional.")
            if w.shape[0] != self.n:
                raise ValueError("gaussian_kde: `weights` input should be of length n")
            self._weights = w / jnp.sum(w)
            self._neff = 1 / jnp.sum(self._weights**2)
        else:
            self._weights = jnp.full((self.n,), 1.0 / self.n, data.dtype)
            self._neff = self.n
        if self.d > self.n:
            raise ValueError(
                f"gaussian_kde: Number of dimensions ({self.d}) is greater than number of "
                f"data points ({self.n}); the covariance would be singular."
            )
        self.set_bandwidth(bw_method)

    @property
    def weights(self) -> Any:
        return self._weights

    @property
    def neff(self) -> Any:
        return self._neff

    def scotts_factor(self) -> Any:
        """Scott's factor ``neff ** (-1 / (d + 4))``."""
        return jnp.power(self.neff, -1.0 / (self.d + 4))

    def silverman_factor(self) -> Any:
        """Silverman's factor ``(neff (d + 2) / 4) ** (-1 / (d + 4))``."""
        return jnp.power(self.neff * (self.d + 2.0) / 4.0, -1.0 / (self.d + 4))

    covariance_factor = scotts_factor

    def set_bandwidth(self, bw_method: Any = None) -> None:
        """Set the bandwidth rule (as the constructor's ``bw_method``) and recompute the
        kernel covariance."""
        if bw_method is None or bw_method == "scott":
            self.covariance_factor = self.scotts_factor
        elif bw_method == "silverman":
            self.covariance_factor = self.silverman_factor
        elif isinstance(bw_method, int | float | onp.number) and not isinstance(bw_method, str):
            value = bw_method
            self.covariance_factor = lambda: value
        elif callable(bw_method):
            self._bw_method = bw_method
            self.covariance_factor = lambda: self._bw_method(self)
        else:
            raise ValueError(
                "gaussian_kde: `bw_method` should be 'scott', 'silverman', a scalar or a callable."
            )
        self._compute_covariance()

    def _compute_covariance(self) -> None:
        self.factor = self.covariance_factor()
        x = self.dataset
        w = self.weights
        mean = jnp.sum(x * w, axis=1, keepdims=True)
        xc = x - mean
        # np.cov with aweights and ddof=1: sum w (x-m)(x-m)^T / (1 - sum w^2)
        cov = (xc * w) @ xc.T / (1 - jnp.sum(w * w))
        self._data_covariance = cov
        self.covariance = cov * self.factor**2
        self.cho_cov = scipy_linalg.cholesky(self.covariance, lower=True)
        self.log_det = 2 * jnp.sum(jnp.log(jnp.diagonal(self.cho_cov)))

    @property
    def inv_cov(self) -> Any:
        return jnp.linalg.inv(self.covariance)

    def _points(self, points: ArrayLike) -> Any:
        p = jnp.atleast_2d(jnp.asarray(points, self.dataset.dtype))
        d, m = p.shape
        if d != self.d:
            if d == 1 and m == self.d:
                p = jnp.reshape(p, (self.d, 1))
            else:
                raise ValueError(
                    f"gaussian_kde: points have dimension {d}, dataset has dimension {self.d}"
                )
        return p

    def _log_kernels(self, points: ArrayLike) -> Any:
        """log of each (weighted) kernel at each point, ``(n, m)``."""
        p = self._points(points)
        chol = self.cho_cov
        zp = scipy_linalg.solve_triangular(chol, p, lower=True)
        zd = scipy_linalg.solve_triangular(chol, self.dataset, lower=True)
        sq = jnp.sum((zd[:, :, None] - zp[:, None, :]) ** 2, axis=0)
        norm = -0.5 * self.d * math.log(2 * math.pi) - 0.5 * self.log_det
        return jnp.log(self.weights)[:, None] - 0.5 * sq + norm

    def evaluate(self, points: ArrayLike) -> Any:
        """The density at ``points`` (``(d, m)``, or ``m`` values for ``d = 1``)."""
        return jnp.sum(jnp.exp(self._log_kernels(points)), axis=0)

    __call__ = evaluate
    pdf = evaluate

    def logpdf(self, x: ArrayLike) -> Any:
        """The log-density at ``x``, through a log-sum-exp (accurate far from the data)."""
        return convenience.logsumexp(self._log_kernels(x), axis=0)

    def resample(self, size: int | None = None, seed: Any = None, *, key: Any = None) -> Any:
        """``size`` (default ``n``) draws from the estimate, ``(d, size)``: a data point
        (chosen by weight) plus a kernel-covariance normal."""
        source = key if key is not None else seed
        if source is None:
            raise TypeError("gaussian_kde.resample: pass key= (an xnp.random key) or seed=")
        if isinstance(source, random_generator.Generator):
            source = source._next()
        elif isinstance(source, int | onp.integer):
            source = prng.PRNGKey(int(source))
        size = self.n if size is None else int(size)
        k_norm, k_idx = prng.split(source, 2)
        z = samplers.normal(k_norm, (self.d, size), self.dataset.dtype)
        noise = self.cho_cov @ z
        idx = random_discrete.choice(k_idx, self.n, (size,), p=self.weights)
        return jnp.take(self.dataset, idx, axis=1) + noise
