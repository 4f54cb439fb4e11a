"""Stax: a small neural-network specification library, built on xnp's public API only.

A *layer* is a pair ``(init_fun, apply_fun)``:

- ``init_fun(rng, input_shape) -> (output_shape, params)`` draws the parameters from a
  random key; shapes may have ``-1`` for an unknown (batch) dimension;
- ``apply_fun(params, inputs, **kwargs) -> outputs`` (``rng=key`` for stochastic layers
  such as :func:`Dropout`).

Layers compose with :func:`serial` and :func:`parallel` (with :func:`FanOut`,
:func:`FanInSum`, :func:`FanInConcat`). The API is ``jax.example_libraries.stax``'s; with the
same key, parameters are drawn from the same random streams, so they equal jax's (in
float64, xnp's default, where jax draws float32 unless x64 is on).

Differences from ``jax.example_libraries.stax``: output shapes are tuples of Python ints and
an unknown batch dimension stays ``-1`` through pooling layers (jax turns it into ``0``).

Example
-------
>>> import xnp
>>> from xnp import random
>>> from xnp.example_libraries import stax
>>> init_fun, apply_fun = stax.serial(
...     stax.Dense(16), stax.Relu, stax.Dense(3), stax.LogSoftmax)
>>> out_shape, params = init_fun(random.key(0), (-1, 8))
>>> out_shape
(-1, 3)
>>> apply_fun(params, xnp.ones((5, 8))).shape
(5, 3)
"""

import functools
import math

import xnp as np
from xnp import lax, random

__all__ = [
    "AvgPool", "BatchNorm", "Conv", "Conv1DTranspose", "ConvTranspose", "Dense", "Dropout",
    "Elu", "Exp", "FanInConcat", "FanInSum", "FanOut", "Flatten", "Gelu", "GeneralConv",
    "GeneralConvTranspose", "Identity", "LeakyRelu", "LogSoftmax", "MaxPool", "Relu", "Selu",
    "Sigmoid", "Softmax", "Softplus", "SumPool", "Tanh", "elementwise", "glorot", "glorot_normal",
    "logsoftmax", "normal", "ones", "parallel", "randn", "serial", "shape_dependent", "zeros",
]  # fmt: skip


# ------------------------------------------------------------------ activation functions


def relu(x):
    """Rectified linear unit, ``max(x, 0)``."""
    return np.maximum(x, 0)


def sigmoid(x):
    """Logistic sigmoid ``1 / (1 + exp(-x))``, from ``exp(-|x|)`` (no overflow, full
    relative precision in both tails)."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


def softplus(x):
    """``log(1 + exp(x))``, computed without overflow."""
    return np.logaddexp(x, 0)


def elu(x, alpha=1.0):
    """Exponential linear unit: ``x`` for ``x > 0``, ``alpha * (exp(x) - 1)`` otherwise."""
    positive = x > 0
    return np.where(positive, x, alpha * np.expm1(np.where(positive, 0, x)))


def leaky_relu(x, negative_slope=0.01):
    """``x`` for ``x >= 0``, ``negative_slope * x`` otherwise."""
    return np.where(x >= 0, x, negative_slope * x)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(x):
    """Scaled exponential linear unit (Klambauer et al., 2017)."""
    return _SELU_SCALE * elu(x, _SELU_ALPHA)


def gelu(x):
    """Gaussian error linear unit, tanh approximation (jax's default ``approximate=True``)."""
    c = math.sqrt(2.0 / math.pi)
    return 0.5 * x * (1.0 + np.tanh(c * (x + 0.044715 * x * x * x)))


def _shifted(x, axis):
    return x - lax.stop_gradient(np.max(x, axis=axis, keepdims=True))


def log_softmax(x, axis=-1):
    """``x - logsumexp(x, axis)``, shifted by the (constant) maximum for stability."""
    s = _shifted(x, axis)
    return s - np.log(np.sum(np.exp(s), axis=axis, keepdims=True))


def softmax(x, axis=-1):
    """``exp(x) / sum(exp(x), axis)``, shifted by the maximum for stability."""
    e = np.exp(_shifted(x, axis))
    return e / np.sum(e, axis=axis, keepdims=True)


def standardize(x, axis=-1, epsilon=1e-5):
    """``(x - mean) / sqrt(var + epsilon)`` over ``axis``."""
    mean = np.mean(x, axis=axis, keepdims=True)
    centered = x - mean
    var = np.mean(centered * centered, axis=axis, keepdims=True)
    return centered / np.sqrt(var + epsilon)


# ------------------------------------------------------------------ initializers


def _float_dtype(dtype):
    return np.float64 if dtype is None else dtype


def zeros(key, shape, dtype=None):
    """Initializer: all zeros (``key`` is ignored)."""
    return np.zeros(shape, _float_dtype(dtype))


def ones(key, shape, dtype=None):
    """Initializer: all ones (``key`` is ignored)."""
    return np.ones(shape, _float_dtype(dtype))


def normal(stddev=1e-2):
    """Initializer factory: standard normal draws times ``stddev``."""

    def init(key, shape, dtype=None):
        dtype = _float_dtype(dtype)
        return random.normal(key, tuple(shape), dtype) * np.asarray(stddev, dtype)

    return init


def _fans(shape, in_axis, out_axis):
    receptive = math.prod(shape) / shape[in_axis] / shape[out_axis]
    return shape[in_axis] * receptive, shape[out_axis] * receptive


def glorot_normal(in_axis=-2, out_axis=-1, scale=1.0):
    """Initializer factory: Glorot (Xavier) normal, a truncated normal on [-2, 2] scaled to
    variance ``scale / fan_avg`` (the same draws as ``jax.nn.initializers.glorot_normal``)."""

    def init(key, shape, dtype=None):
        dtype = _float_dtype(dtype)
        shape = tuple(shape)
        fan_in, fan_out = _fans(shape, in_axis, out_axis)
        variance = np.asarray(scale / ((fan_in + fan_out) / 2), dtype)
        # .8796... is the standard deviation of a standard normal truncated to [-2, 2].
        stddev = np.sqrt(variance) / np.asarray(0.87962566103423978, dtype)
        return random.truncated_normal(key, -2, 2, shape, dtype) * stddev

    return init


glorot = glorot_normal
_DENSE_W, _DENSE_B, _CONV_B = glorot_normal(), normal(), normal(1e-6)
logsoftmax = log_softmax
randn = normal


# ------------------------------------------------------------------ shape helpers


def _window_out(size, window, stride, pads):
    """Output length of one windowed dimension; an unknown (negative) size stays -1."""
    if size < 0:
        return -1
    padded = size + pads[0] + pads[1]
    return max(0, (padded - window) // stride + 1)


def _check_padding(name, padding, n):
    if isinstance(padding, str):
        if padding not in ("SAME", "VALID", "SAME_LOWER"):
            raise ValueError(f"{name}: padding must be 'SAME', 'VALID' or pairs, got {padding!r}")
        return padding
    pads = [tuple(int(v) for v in p) for p in padding]
    if len(pads) != n or any(len(p) != 2 for p in pads):
        raise ValueError(f"{name}: padding must be {n} (low, high) pairs, got {padding!r}")
    return pads


def _resolve_pads(in_sizes, windows, strides, padding):
    if isinstance(padding, str):
        known = [max(s, 1) for s in in_sizes]  # unknown sizes get a placeholder; never padded
        pads = lax.padtype_to_pads(known, windows, strides, padding)
        return [tuple(int(v) for v in p) for p in pads]
    return list(padding)


# ------------------------------------------------------------------ layers


def Dense(out_dim, W_init=_DENSE_W, b_init=_DENSE_B):
    """Fully-connected layer ``inputs @ W + b`` with ``W`` of shape ``(in_dim, out_dim)``."""

    def init_fun(rng, input_shape):
        output_shape = tuple(input_shape[:-1]) + (out_dim,)
        k1, k2 = random.split(rng)
        return output_shape, (W_init(k1, (input_shape[-1], out_dim)), b_init(k2, (out_dim,)))

    def apply_fun(params, inputs, **kwargs):
        W, b = params
        return np.dot(inputs, W) + b

    return init_fun, apply_fun


def _kernel_shape(lhs_spec, rhs_spec, input_shape, out_chan, filter_shape):
    it = iter(filter_shape)
    chan = input_shape[lhs_spec.index("C")]
    return [out_chan if c == "O" else chan if c == "I" else next(it) for c in rhs_spec]


def GeneralConv(dimension_numbers, out_chan, filter_shape, strides=None, padding="VALID",
                W_init=None, b_init=_CONV_B):  # fmt: skip
    """Convolution layer with layouts ``dimension_numbers = (lhs_spec, rhs_spec, out_spec)``,
    e.g. ``('NHWC', 'HWIO', 'NHWC')``; ``padding`` is ``'SAME'``, ``'VALID'`` or pairs."""
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    nsp = len(filter_shape)
    one = (1,) * nsp
    strides = tuple(strides or one)
    padding = _check_padding("GeneralConv", padding, nsp)
    W_init = W_init or glorot_normal(rhs_spec.index("I"), rhs_spec.index("O"))

    def init_fun(rng, input_shape):
        kernel_shape = _kernel_shape(lhs_spec, rhs_spec, input_shape, out_chan, filter_shape)
        sp_in = [input_shape[lhs_spec.index(c)] for c in out_spec if c not in "NC"]
        sp_k = [kernel_shape[rhs_spec.index(c)] for c in out_spec if c not in "NC"]
        pads = _resolve_pads(sp_in, sp_k, strides, padding)
        sp_out = iter(_window_out(*a) for a in zip(sp_in, sp_k, strides, pads))
        output_shape = tuple(
            int(input_shape[lhs_spec.index("N")]) if c == "N" else out_chan if c == "C"
            else next(sp_out) for c in out_spec
        )  # fmt: skip
        bias_shape = [out_chan if c == "C" else 1 for c in out_spec]
        k1, k2 = random.split(rng)
        return output_shape, (W_init(k1, kernel_shape), b_init(k2, bias_shape))

    def apply_fun(params, inputs, **kwargs):
        W, b = params
        out = lax.conv_general_dilated(inputs, W, strides, padding, one, one,
                                       dimension_numbers=dimension_numbers)  # fmt: skip
        return out + b

    return init_fun, apply_fun


Conv = functools.partial(GeneralConv, ("NHWC", "HWIO", "NHWC"))
Conv.__doc__ = "2-D convolution layer, NHWC inputs and HWIO kernels (see :func:`GeneralConv`)."


def _transpose_pads(k, s, padding):
    """(low, high) padding of the input-dilated convolution that transposes a forward
    convolution with kernel size ``k``, stride ``s`` and ``padding``."""
    if padding == "SAME":
        total = k + s - 2
        low = k - 1 if s > k - 1 else -(-total // 2)
    elif padding == "VALID":
        total = k + s - 2 + max(k - s, 0)
        low = k - 1
    else:
        lo, hi = padding
        low, total = k - lo - 1, (k - lo - 1) + (k - hi - 1)
    return low, total - low


def GeneralConvTranspose(dimension_numbers, out_chan, filter_shape, strides=None,
                         padding="VALID", W_init=None, b_init=_CONV_B):  # fmt: skip
    """Transposed convolution layer (Keras ``Conv2DTranspose`` output sizes): an input-dilated
    convolution with the kernel as given (not flipped), like ``jax.lax.conv_transpose``."""
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    nsp = len(filter_shape)
    one = (1,) * nsp
    strides = tuple(strides or one)
    padding = _check_padding("GeneralConvTranspose", padding, nsp)
    W_init = W_init or glorot_normal(rhs_spec.index("I"), rhs_spec.index("O"))
    sp_names = [c for c in out_spec if c not in "NC"]

    def pads_for(kernel_shape):
        ks = [kernel_shape[rhs_spec.index(c)] for c in sp_names]
        per_dim = [padding] * nsp if isinstance(padding, str) else padding
        return [_transpose_pads(k, s, p) for k, s, p in zip(ks, strides, per_dim)]

    def init_fun(rng, input_shape):
        kernel_shape = _kernel_shape(lhs_spec, rhs_spec, input_shape, out_chan, filter_shape)
        pads = pads_for(kernel_shape)
        sizes = []
        for c, s, (lo, hi) in zip(sp_names, strides, pads):
            n, k = input_shape[lhs_spec.index(c)], kernel_shape[rhs_spec.index(c)]
            sizes.append(-1 if n < 0 else (n - 1) * s - k + 2 + lo + hi)
        sp_out = iter(sizes)
        output_shape = tuple(
            int(input_shape[lhs_spec.index("N")]) if c == "N" else out_chan if c == "C"
            else next(sp_out) for c in out_spec
        )  # fmt: skip
        bias_shape = [out_chan if c == "C" else 1 for c in out_spec]
        k1, k2 = random.split(rng)
        return output_shape, (W_init(k1, kernel_shape), b_init(k2, bias_shape))

    def apply_fun(params, inputs, **kwargs):
        W, b = params
        out = lax.conv_general_dilated(inputs, W, one, pads_for(W.shape), strides, one,
                                       dimension_numbers=dimension_numbers)  # fmt: skip
        return out + b

    return init_fun, apply_fun


Conv1DTranspose = functools.partial(GeneralConvTranspose, ("NHC", "HIO", "NHC"))
Conv1DTranspose.__doc__ = "1-D transposed convolution layer, NHC inputs (see GeneralConvTranspose)."
ConvTranspose = functools.partial(GeneralConvTranspose, ("NHWC", "HWIO", "NHWC"))
ConvTranspose.__doc__ = "2-D transposed convolution layer, NHWC inputs (see GeneralConvTranspose)."


def BatchNorm(axis=(0, 1, 2), epsilon=1e-5, center=True, scale=True, beta_init=zeros,
              gamma_init=ones):  # fmt: skip
    """Batch normalization over ``axis`` (statistics of the current batch; no running
    averages), then ``gamma * z + beta`` with per-feature ``beta``/``gamma``."""
    axis = (axis,) if isinstance(axis, int) else tuple(axis)

    def init_fun(rng, input_shape):
        shape = tuple(d for i, d in enumerate(input_shape) if i not in axis)
        k1, k2 = random.split(rng)
        beta = beta_init(k1, shape) if center else ()
        gamma = gamma_init(k2, shape) if scale else ()
        return tuple(input_shape), (beta, gamma)

    def apply_fun(params, x, **kwargs):
        beta, gamma = params
        ed = tuple(None if i in axis else slice(None) for i in range(np.ndim(x)))
        z = standardize(x, axis, epsilon=epsilon)
        if center and scale:
            return gamma[ed] * z + beta[ed]
        if center:
            return z + beta[ed]
        if scale:
            return gamma[ed] * z
        return z

    return init_fun, apply_fun


def elementwise(fun, **fun_kwargs):
    """Layer applying ``fun(inputs, **fun_kwargs)``; no parameters, shape unchanged."""
    init_fun = lambda rng, input_shape: (input_shape, ())
    apply_fun = lambda params, inputs, **kwargs: fun(inputs, **fun_kwargs)
    return init_fun, apply_fun


Tanh = elementwise(np.tanh)
Relu = elementwise(relu)
Exp = elementwise(np.exp)
LogSoftmax = elementwise(log_softmax, axis=-1)
Softmax = elementwise(softmax, axis=-1)
Softplus = elementwise(softplus)
Sigmoid = elementwise(sigmoid)
Elu = elementwise(elu)
LeakyRelu = elementwise(leaky_relu)
Selu = elementwise(selu)
Gelu = elementwise(gelu)


def _pooling_layer(name, window_fn, normalize):
    def PoolingLayer(window_shape, strides=None, padding="VALID", spec=None):
        window_shape = tuple(window_shape)
        nsp = len(window_shape)
        strides = tuple(strides or (1,) * nsp)
        padding = _check_padding(name, padding, nsp)
        nonspatial = (0, nsp + 1) if spec is None else (spec.index("N"), spec.index("C"))
        dims, strd = list(window_shape), list(strides)
        for i in sorted(nonspatial):
            dims.insert(i, 1)
            strd.insert(i, 1)
        dims, strd = tuple(dims), tuple(strd)
        pad_full = padding
        if not isinstance(padding, str):
            it = iter(padding)
            pad_full = [(0, 0) if i in nonspatial else next(it) for i in range(nsp + 2)]

        def init_fun(rng, input_shape):
            pads = _resolve_pads(input_shape, dims, strd, pad_full)
            out = tuple(_window_out(*a) for a in zip(input_shape, dims, strd, pads))
            return out, ()

        def apply_fun(params, inputs, **kwargs):
            out = window_fn(inputs, dims, strd, pad_full)
            if not normalize:
                return out
            # Divide by the number of real (unpadded) elements in each window.
            sp = tuple(1 if i in nonspatial else n for i, n in enumerate(inputs.shape))
            counts = lax.reduce_window_sum(np.ones(sp, inputs.dtype), dims, strd, pad_full)
            return out / counts

        return init_fun, apply_fun

    PoolingLayer.__name__ = PoolingLayer.__qualname__ = name
    return PoolingLayer


MaxPool = _pooling_layer("MaxPool", lax.reduce_window_max, False)
MaxPool.__doc__ = """Max pooling over ``window_shape`` with ``strides`` and ``padding``; inputs are
NHWC-like (batch first, channels last) unless ``spec`` (e.g. ``'NCHW'``) says otherwise."""
SumPool = _pooling_layer("SumPool", lax.reduce_window_sum, False)
SumPool.__doc__ = "Sum pooling (arguments as :func:`MaxPool`)."
AvgPool = _pooling_layer("AvgPool", lax.reduce_window_sum, True)
AvgPool.__doc__ = """Average pooling (arguments as :func:`MaxPool`); padded positions are not
counted in a window's average."""


def _flatten():
    def init_fun(rng, input_shape):
        rest = input_shape[1:]
        size = -1 if any(d < 0 for d in rest) else math.prod(rest)
        return (input_shape[0], size), ()

    def apply_fun(params, inputs, **kwargs):
        return np.reshape(inputs, (inputs.shape[0], -1))

    return init_fun, apply_fun


Flatten = _flatten()
"""Layer flattening all but the leading (batch) dimension."""


Identity = (lambda rng, input_shape: (input_shape, ()), lambda params, inputs, **kwargs: inputs)
"""Layer returning its inputs unchanged."""


def FanOut(num):
    """Layer copying its input into a list of ``num`` (for :func:`parallel`)."""
    init_fun = lambda rng, input_shape: ([input_shape] * num, ())
    apply_fun = lambda params, inputs, **kwargs: [inputs] * num
    return init_fun, apply_fun


FanInSum = (
    lambda rng, input_shape: (input_shape[0], ()),
    lambda params, inputs, **kwargs: sum(inputs[1:], inputs[0]),
)
"""Layer summing a list of inputs of one shape."""


def FanInConcat(axis=-1):
    """Layer concatenating a list of inputs along ``axis``."""

    def init_fun(rng, input_shape):
        first = tuple(input_shape[0])
        ax = axis % len(first)
        sizes = [shape[ax] for shape in input_shape]
        size = -1 if any(s < 0 for s in sizes) else sum(sizes)
        return first[:ax] + (size,) + first[ax + 1 :], ()

    def apply_fun(params, inputs, **kwargs):
        return np.concatenate(inputs, axis)

    return init_fun, apply_fun


def Dropout(rate, mode="train"):
    """Dropout layer. As in ``jax.example_libraries.stax``, ``rate`` is the probability of
    *keeping* an element: kept elements are divided by ``rate``, the others set to 0. Needs
    ``apply_fun(params, inputs, rng=key)`` in ``mode='train'``; any other mode is the
    identity."""

    def init_fun(rng, input_shape):
        return input_shape, ()

    def apply_fun(params, inputs, **kwargs):
        rng = kwargs.get("rng", None)
        if rng is None:
            raise ValueError(
                "Dropout: apply_fun needs a PRNG key, call it as apply_fun(params, inputs, "
                "rng=key) with a key from xnp.random.key"
            )
        if mode == "train":
            keep = random.bernoulli(rng, rate, inputs.shape)
            return np.where(keep, inputs / rate, 0)
        return inputs

    return init_fun, apply_fun


# ------------------------------------------------------------------ combinators


def serial(*layers):
    """Compose layers in sequence: the output of each is the input of the next.

    ``init_fun`` splits the key once per layer; ``apply_fun`` passes ``rng`` (split per
    layer) and any other keyword arguments to every layer.
    """
    nlayers = len(layers)
    init_funs, apply_funs = zip(*layers) if layers else ((), ())

    def init_fun(rng, input_shape):
        params = []
        for init in init_funs:
            rng, layer_rng = random.split(rng)
            input_shape, param = init(layer_rng, input_shape)
            params.append(param)
        return input_shape, params

    def apply_fun(params, inputs, **kwargs):
        rng = kwargs.pop("rng", None)
        rngs = random.split(rng, nlayers) if rng is not None else (None,) * nlayers
        for fun, param, r in zip(apply_funs, params, rngs):
            inputs = fun(param, inputs, rng=r, **kwargs)
        return inputs

    return init_fun, apply_fun


def parallel(*layers):
    """Apply layers side by side: a list of inputs in, a list of outputs out (one per layer);
    usually between :func:`FanOut` and :func:`FanInSum`/:func:`FanInConcat`."""
    nlayers = len(layers)
    init_funs, apply_funs = zip(*layers) if layers else ((), ())

    def init_fun(rng, input_shape):
        rngs = random.split(rng, nlayers)
        results = [init(r, shape) for init, r, shape in zip(init_funs, rngs, input_shape)]
        return tuple(s for s, _ in results), tuple(p for _, p in results)

    def apply_fun(params, inputs, **kwargs):
        rng = kwargs.pop("rng", None)
        rngs = random.split(rng, nlayers) if rng is not None else (None,) * nlayers
        return [f(p, x, rng=r, **kwargs) for f, p, x, r in zip(apply_funs, params, inputs, rngs)]

    return init_fun, apply_fun


def shape_dependent(make_layer):
    """Delay building a layer until the input shape is known: ``make_layer(input_shape)``
    returns the ``(init_fun, apply_fun)`` pair, called at init and at every apply."""

    def init_fun(rng, input_shape):
        return make_layer(input_shape)[0](rng, input_shape)

    def apply_fun(params, inputs, **kwargs):
        return make_layer(inputs.shape)[1](params, inputs, **kwargs)

    return init_fun, apply_fun
