"""One table of example calls per primitive, shared by the registry-driven test matrices.

``CASES[name]`` lists ``Case``s: a function of array arguments that binds the primitive (via
its lax wrapper, with static parameters fixed), the arguments' shapes and dtypes, and the
domain to draw them from. The autodiff matrix (jvp against finite differences, the
transpose identity, second order) and the vmap matrix (against a Python loop) are generated
from it; the registry test requires an entry for every primitive.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as onp

import xnp
from xnp import lax
from xnp._src import ad_util
from xnp._src.lax import conv as lax_conv
from xnp._src.lax import fft as lax_fft
from xnp._src.lax import linalg as lax_linalg
from xnp._src.lax import scatter, slicing, sorting, windowed


@dataclasses.dataclass(frozen=True)
class Case:
    fun: Callable[..., Any]
    shapes: tuple  # one shape per argument
    dtype: str = "float64"  # or a tuple, one per argument
    domain: tuple[float, float] = (-2.0, 2.0)
    ad: bool = True  # differentiable in all float arguments
    int_args: tuple = ()  # indices of integer arguments: (index, low, high)
    tol: float = 1e-5
    order: int = 2  # derivative order checked by the autodiff matrix
    name: str = ""

    def dtypes(self) -> tuple[str, ...]:
        if isinstance(self.dtype, tuple):
            return self.dtype
        return (self.dtype,) * len(self.shapes)

    def args(self, rng: onp.random.RandomState) -> list[onp.ndarray]:
        out = []
        ints = {i: (lo, hi) for i, lo, hi in self.int_args}
        for i, (shape, dt) in enumerate(zip(self.shapes, self.dtypes(), strict=True)):
            if i in ints:
                lo, hi = ints[i]
                out.append(rng.randint(lo, hi, size=shape).astype(dt))
            elif dt == "bool":
                out.append(rng.rand(*shape) > 0.5)
            elif onp.dtype(dt).kind in "iu":
                out.append(rng.randint(-5 if onp.dtype(dt).kind == "i" else 0, 6,
                                       size=shape).astype(dt))  # fmt: skip
            else:
                lo, hi = self.domain
                x = rng.uniform(lo, hi, size=shape)
                if onp.dtype(dt).kind == "c":
                    x = x + 1j * rng.uniform(lo, hi, size=shape)
                out.append(onp.asarray(x, dt))
        return out

    def float_args(self) -> list[int]:
        ints = {i for i, _, _ in self.int_args}
        return [i for i, dt in enumerate(self.dtypes())
                if onp.dtype(dt).kind in "fc" and i not in ints]  # fmt: skip


def _spd(a: Any) -> Any:
    return a @ a.T + 3 * xnp.eye(a.shape[-1])


def unary(fn: Callable, domain: tuple = (-2.0, 2.0), **kw: Any) -> list[Case]:
    return [Case(fn, ((3, 4),), domain=domain, **kw), Case(fn, ((),), domain=domain, **kw)]


def binary(fn: Callable, domain: tuple = (-2.0, 2.0), **kw: Any) -> list[Case]:
    return [Case(fn, ((3, 4), (3, 4)), domain=domain, **kw)]


POS = (0.5, 2.0)
UNIT = (-0.9, 0.9)
ND = dict(ad=False)  # not differentiable

GDN = slicing.GatherDimensionNumbers
SDN = scatter.ScatterDimensionNumbers


def _gather_rows(x: Any, idx: Any) -> Any:
    dn = GDN(offset_dims=(1,), collapsed_slice_dims=(0,), start_index_map=(0,))
    return slicing.gather(x, idx[:, None], dn, (1, x.shape[1]))


def _scatter_rows(op: Callable) -> Callable:
    def f(x: Any, idx: Any, upd: Any) -> Any:
        dn = SDN(update_window_dims=(1,), inserted_window_dims=(0,),
                 scatter_dims_to_operand_dims=(0,))  # fmt: skip
        return op(x, idx[:, None], upd, dn)

    return f


def _gather_windows(mode: str, **kw: Any) -> Callable:
    # Windows of 2 along axis 1 at (row, col) index pairs, some out of bounds.
    def f(x: Any, idx: Any) -> Any:
        dn = GDN(offset_dims=(1,), collapsed_slice_dims=(0,), start_index_map=(0, 1))
        return slicing.gather(x, idx, dn, (1, 2), mode=mode, **kw)

    return f


def _gather_along_rows(x: Any, idx: Any) -> Any:
    # take_along_axis(x, idx, 1): axis 0 paired by batching dimensions.
    dn = GDN(offset_dims=(), collapsed_slice_dims=(1,), start_index_map=(1,),
             operand_batching_dims=(0,), start_indices_batching_dims=(0,))  # fmt: skip
    return slicing.gather(x, idx[..., None], dn, (1, 1))


def _scatter_windows(op: Callable, mode: str | None = None) -> Callable:
    # Windows of 2 along axis 1 at (row, col) index pairs: overlapping, some out of bounds.
    def f(x: Any, idx: Any, upd: Any) -> Any:
        dn = SDN(update_window_dims=(1,), inserted_window_dims=(0,),
                 scatter_dims_to_operand_dims=(0, 1))  # fmt: skip
        return op(x, idx, upd, dn, mode=mode)

    return f


def _scatter_along_rows(x: Any, idx: Any, upd: Any) -> Any:
    # put_along_axis(x, idx, upd, 1) with repeats: axis 0 paired by batching dimensions.
    dn = SDN(update_window_dims=(), inserted_window_dims=(1,), scatter_dims_to_operand_dims=(1,),
             operand_batching_dims=(0,), scatter_indices_batching_dims=(0,))  # fmt: skip
    return scatter.scatter(x, idx[..., None], upd, dn)


def _scatter_unique(x: Any, upd: Any) -> Any:
    dn = SDN(update_window_dims=(1,), inserted_window_dims=(0,), scatter_dims_to_operand_dims=(0,))
    return scatter.scatter(x, onp.array([[3], [0]], "int32"), upd, dn, unique_indices=True)


def _scatter_cases(op: Callable) -> list[Case]:
    return [Case(_scatter_rows(op), ((4, 3), (5,), (5, 3)), ("float64", "int32", "float64"),
                 int_args=((1, 0, 4),)),
            Case(_scatter_windows(op, "clip"), ((4, 5), (3, 2), (3, 2)),
                 ("float64", "int32", "float64"), int_args=((1, -1, 6),))]  # fmt: skip


_WIN_IDX = ("float64", "int32", "float64")


def _fft_case(fft_type: str, lengths: tuple[int, ...]) -> Callable:
    # Complex operands from two real ones, complex results folded into real ones.
    def f(x: Any, y: Any) -> Any:
        z = lax_fft.fft(lax.complex(x, y), fft_type, lengths)
        return lax.real(z) + 2 * lax.imag(z) if z.dtype.kind == "c" else z

    return f


def _rfft_case(x: Any) -> Any:
    z = lax_fft.fft(x, "RFFT", (3, 4))
    return lax.real(z) + 2 * lax.imag(z)


def _eig_invariants(a: Any) -> Any:
    w, v = lax_linalg.eig(a)
    weights = xnp.arange(1.0, 1.0 + a.shape[-1])[:, None]
    return lax.real(w) + lax.imag(w) + xnp.sum(xnp.abs(v) ** 2 * weights, axis=-2)


CASES: dict[str, list[Case]] = {
    # elementwise, unary
    "neg": unary(lax.neg), "sign": unary(lax.sign, **ND), "floor": unary(lax.floor, **ND),
    "ceil": unary(lax.ceil, **ND), "round": unary(lax.round, **ND),
    "is_finite": unary(lax.is_finite, **ND), "exp": unary(lax.exp), "exp2": unary(lax.exp2),
    "expm1": unary(lax.expm1), "log": unary(lax.log, POS), "log1p": unary(lax.log1p, POS),
    "tanh": unary(lax.tanh), "logistic": unary(lax.logistic), "sin": unary(lax.sin),
    "cos": unary(lax.cos), "tan": unary(lax.tan, UNIT), "asin": unary(lax.asin, UNIT),
    "acos": unary(lax.acos, UNIT), "atan": unary(lax.atan), "sinh": unary(lax.sinh),
    "cosh": unary(lax.cosh), "asinh": unary(lax.asinh), "acosh": unary(lax.acosh, (1.2, 3.0)),
    "atanh": unary(lax.atanh, UNIT), "sqrt": unary(lax.sqrt, POS),
    "rsqrt": unary(lax.rsqrt, POS), "cbrt": unary(lax.cbrt, POS),
    "not": unary(lax.bitwise_not, dtype="int32", **ND),
    "population_count": unary(lax.population_count, dtype="int32", **ND),
    "clz": unary(lax.clz, dtype="int32", **ND), "erf": unary(lax.erf),
    "erfc": unary(lax.erfc), "erf_inv": unary(lax.erf_inv, UNIT),
    "lgamma": unary(lax.lgamma, POS), "digamma": unary(lax.digamma, POS),
    "bessel_i0e": unary(lax.bessel_i0e), "bessel_i1e": unary(lax.bessel_i1e),
    "real": unary(lax.real, dtype="complex128"), "imag": unary(lax.imag, dtype="complex128"),
    "conj": unary(lax.conj, dtype="complex128"), "abs": unary(lax.abs, POS),
    "integer_pow": unary(lambda x: lax.integer_pow(x, 3)),
    # elementwise, binary
    "add_any": binary(ad_util.add_any),
    "add": binary(lax.add), "sub": binary(lax.sub), "mul": binary(lax.mul),
    "div": binary(lax.div, POS), "rem": binary(lax.rem, POS), "pow": binary(lax.pow, POS),
    "max": binary(lax.max), "min": binary(lax.min), "atan2": binary(lax.atan2, POS),
    "nextafter": binary(lax.nextafter, **ND), "complex": binary(lax.complex),
    # Second derivatives in `a` need d/da igamma_grad_a, which is not implemented.
    "igamma": [Case(lax.igamma, ((3, 4), (3, 4)), domain=POS, order=1),
               Case(lambda x: lax.igamma(1.7, x), ((3, 4),), domain=POS)],
    "igammac": [Case(lax.igammac, ((3, 4), (3, 4)), domain=POS, order=1),
                Case(lambda x: lax.igammac(0.6, x), ((3, 4),), domain=POS)],
    "igamma_grad_a": binary(lax.igamma_grad_a, POS, **ND),
    "random_gamma_grad": binary(lax.random_gamma_grad, POS, **ND),
    "polygamma": [Case(lambda x: lax.polygamma(xnp.ones_like(x), x), ((3, 4),), domain=POS,
                       **ND)],  # fmt: skip
    "zeta": [Case(lambda x: lax.zeta(x + 2.0, x), ((3, 4),), domain=POS, **ND)],
    "and": binary(lax.bitwise_and, dtype="int32", **ND),
    "or": binary(lax.bitwise_or, dtype="int32", **ND),
    "xor": binary(lax.bitwise_xor, dtype="int32", **ND),
    "shift_left": [Case(lax.shift_left, ((3, 4), (3, 4)), "int32", int_args=((1, 0, 8),),
                        **ND)],  # fmt: skip
    "shift_right_arithmetic": [Case(lax.shift_right_arithmetic, ((3, 4), (3, 4)), "int32",
                                    int_args=((1, 0, 8),), **ND)],  # fmt: skip
    "shift_right_logical": [Case(lax.shift_right_logical, ((3, 4), (3, 4)), "int32",
                                 int_args=((1, 0, 8),), **ND)],  # fmt: skip
    "eq": binary(lax.eq, **ND), "ne": binary(lax.ne, **ND), "lt": binary(lax.lt, **ND),
    "le": binary(lax.le, **ND), "gt": binary(lax.gt, **ND), "ge": binary(lax.ge, **ND),
    "select_n": [Case(lambda p, x, y: lax.select_n(p, x, y), ((3, 4), (3, 4), (3, 4)),
                      ("bool", "float64", "float64")),
                 Case(lambda i, x, y, z: lax.select_n(i, x, y, z), ((3,), (3,), (3,), (3,)),
                      ("int32", "float64", "float64", "float64"), int_args=((0, 0, 3),))],
    "clamp": [Case(lambda lo, x, hi: lax.clamp(lo * 0.3 - 1.0, x, hi * 0.3 + 1.0),
                   ((3, 4), (3, 4), (3, 4))),
              Case(lambda x: lax.clamp(-0.5, x, 0.7), ((3, 4),))],  # fmt: skip
    # Finite differences see through stop_gradient: its derivative is tested in
    # tests/test_autodiff.py.
    "stop_gradient": [Case(lambda x: x * lax.stop_gradient(x), ((3,),), ad=False)],
    # shapes
    "broadcast_in_dim": [Case(lambda x: lax.broadcast_in_dim(x, (2, 3, 4), (0, 2)), ((2, 4),)),
                         Case(lambda x: lax.broadcast_in_dim(x, (3, 4), (0, 1)), ((1, 4),))],
    "reshape": [Case(lambda x: lax.reshape(x, (4, 3)), ((3, 4),)),
                Case(lambda x: lax.reshape(x, (12,), (1, 0)), ((3, 4),))],
    "transpose": [Case(lambda x: lax.transpose(x, (2, 0, 1)), ((2, 3, 4),))],
    "squeeze": [Case(lambda x: lax.squeeze(x, (1,)), ((3, 1, 4),))],
    # float32 rounding spoils central differences unless the values are small
    "convert_element_type": [Case(lambda x: lax.convert_element_type(x, "float32"), ((3,),),
                                  domain=(-1e-3, 1e-3), tol=1e-3),
                             Case(lambda x: lax.convert_element_type(x, "complex128"), ((3,),)),
                             Case(lambda x: lax.convert_element_type(x, "int32"), ((3,),),
                                  **ND)],  # fmt: skip
    "bitcast_convert_type": [Case(lambda x: lax.bitcast_convert_type(x, "int64"), ((3,),),
                                  **ND)],  # fmt: skip
    "iota": [Case(lambda x: x + lax.iota("float64", 3), ((3,),))],
    "concatenate": [Case(lambda x, y: lax.concatenate([x, y], 1), ((2, 3), (2, 4))),
                    Case(lambda x, y, z: lax.concatenate([x, y, z], 0), ((1, 3), (2, 3), (1, 3)))],
    "rev": [Case(lambda x: lax.rev(x, (0,)), ((3, 4),)),
            Case(lambda x: lax.rev(x, (0, 2)), ((2, 3, 4),))],
    "pad": [Case(lambda x, v: lax.pad(x, v, ((1, -1, 1), (0, 2, 0))), ((3, 4), ())),
            Case(lambda x: lax.pad(x, 0.5, ((-2, 1, 2), (0, -1, 1))), ((4, 3),))],
    # slicing
    "slice": [Case(lambda x: slicing.slice(x, (1, 0), (3, 4), (1, 2)), ((3, 4),)),
              Case(lambda x: slicing.slice(x, (0, 1, 0), (2, 5, 3), (1, 3, 2)), ((2, 6, 3),))],
    # the start indices run out of bounds (negative ones count from the end, then clamp)
    "dynamic_slice": [Case(lambda x, i: slicing.dynamic_slice(x, (i, 1), (2, 2)),
                           ((4, 4), ()), ("float64", "int32"), int_args=((1, 0, 3),)),
                      Case(lambda x, i, j: slicing.dynamic_slice(x, (i, j), (2, 3)),
                           ((4, 5), (), ()), ("float64", "int32", "int32"),
                           int_args=((1, -3, 6), (2, 0, 6)))],
    "dynamic_update_slice": [Case(lambda x, u, i: slicing.dynamic_update_slice(x, u, (i, 1)),
                                  ((4, 4), (2, 2), ()), ("float64", "float64", "int32"),
                                  int_args=((2, 0, 3),)),
                             Case(lambda x, u, i, j: slicing.dynamic_update_slice(x, u, (i, j)),
                                  ((4, 5), (2, 3), (), ()), ("float64", "float64") + ("int32",) * 2,
                                  int_args=((2, -3, 6), (3, 0, 6)))],
    "gather": [Case(_gather_rows, ((4, 3), (5,)), ("float64", "int32"), int_args=((1, 0, 4),)),
               Case(_gather_windows("clip"), ((5, 4), (3, 2)), ("float64", "int32"),
                    int_args=((1, -1, 6),)),
               Case(_gather_windows("fill", fill_value=1.5), ((5, 4), (3, 2)),
                    ("float64", "int32"), int_args=((1, -1, 6),)),
               Case(_gather_along_rows, ((3, 4), (3, 2)), ("float64", "int32"),
                    int_args=((1, 0, 4),))],
    # repeated indices (a winner per element) and overlapping, out-of-bounds windows
    "scatter": [Case(_scatter_rows(scatter.scatter), ((4, 3), (4,), (4, 3)), _WIN_IDX,
                     int_args=((1, 0, 3),)),
                Case(_scatter_windows(scatter.scatter), ((4, 5), (4, 2), (4, 2)), _WIN_IDX,
                     int_args=((1, -1, 5),)),
                Case(_scatter_windows(scatter.scatter, "clip"), ((4, 5), (4, 2), (4, 2)),
                     _WIN_IDX, int_args=((1, -1, 6),)),
                Case(_scatter_along_rows, ((3, 4), (3, 3), (3, 3)), _WIN_IDX,
                     int_args=((1, 0, 4),)),
                Case(_scatter_unique, ((4, 3), (2, 3)))],
    "scatter_add": _scatter_cases(scatter.scatter_add),
    "scatter_mul": _scatter_cases(scatter.scatter_mul),
    "scatter_min": _scatter_cases(scatter.scatter_min),
    "scatter_max": _scatter_cases(scatter.scatter_max),
    # reductions
    "reduce_sum": [Case(lambda x: lax.reduce_sum(x, (1,)), ((3, 4),))],
    "reduce_prod": [Case(lambda x: lax.reduce_prod(x, (0,)), ((3, 4),), domain=POS)],
    "reduce_max": [Case(lambda x: lax.reduce_max(x, (1,)), ((3, 4),))],
    "reduce_min": [Case(lambda x: lax.reduce_min(x, (0, 1)), ((3, 4),))],
    "reduce_and": [Case(lambda x: lax.reduce_and(x, (1,)), ((3, 4),), "bool", **ND)],
    "reduce_or": [Case(lambda x: lax.reduce_or(x, (1,)), ((3, 4),), "bool", **ND)],
    "reduce_xor": [Case(lambda x: lax.reduce_xor(x, (1,)), ((3, 4),), "int32", **ND)],
    "argmax": [Case(lambda x: lax.argmax(x, 1, "int32"), ((3, 4),), **ND)],
    "argmin": [Case(lambda x: lax.argmin(x, 0, "int32"), ((3, 4),), **ND)],
    "dot_general": [Case(lambda a, b: lax.dot_general(a, b, (((1,), (0,)), ((), ()))),
                         ((2, 3), (3, 4))),
                    Case(lambda a, b: lax.dot_general(a, b, (((2,), (1,)), ((0,), (0,)))),
                         ((2, 3, 4), (2, 4, 5)))],  # fmt: skip
    # windowed and cumulative
    "reduce_window_sum": [Case(lambda x: windowed.reduce_window(x, 0.0, lax.add, (2, 2),
                                                                (1, 1), "VALID"), ((4, 5),)),
                          Case(lambda x: windowed.reduce_window_sum(
                              x, (2, 3), (2, 1), ((1, 0), (2, -1)), (1, 2), (2, 1)), ((5, 4),)),
                          Case(lambda x: windowed.reduce_window_sum(x, (3,), (2,), "SAME"),
                               ((6,),))],
    "reduce_window_max": [Case(lambda x: windowed.reduce_window(x, -onp.inf, lax.max, (2, 2),
                                                                (2, 1), "SAME"), ((4, 5),)),
                          Case(lambda x: windowed.reduce_window_max(
                              x, (2, 2), (1, 2), ((1, 1), (0, 1)), (2, 1)), ((3, 5),))],
    "reduce_window_min": [Case(lambda x: windowed.reduce_window(x, onp.inf, lax.min, (2, 1),
                                                                (1, 1), "VALID"), ((4, 5),))],
    "reduce_window": [Case(lambda x: windowed.reduce_window(x, 1.0, lax.mul, (2, 2), (1, 1),
                                                            "VALID"), ((4, 5),), **ND)],
    "cumsum": [Case(lambda x: windowed.cumsum(x, axis=1), ((3, 4),)),
               Case(lambda x: windowed.cumsum(x, axis=0, reverse=True), ((3, 4),))],
    "cumprod": [Case(lambda x: windowed.cumprod(x, axis=1), ((3, 4),), domain=POS),
                Case(lambda x: windowed.cumprod(x, axis=0, reverse=True), ((5, 2),)),
                # exact zeros in the prefix: the tangent must not divide by them
                Case(lambda x: windowed.cumprod(x * onp.array([1.0, 0.0, 1.0, 0.0, 1.0]), 0),
                     ((5,),))],
    "cummax": [Case(lambda x: windowed.cummax(x, axis=1), ((3, 4),)),
               Case(lambda x: windowed.cummax(x, axis=0, reverse=True), ((7, 2),))],
    "cummin": [Case(lambda x: windowed.cummin(x, axis=0), ((3, 4),))],
    "cumlogsumexp": [Case(lambda x: windowed.cumlogsumexp(x, axis=1), ((3, 4),)),
                     Case(lambda x: windowed.cumlogsumexp(x, axis=0, reverse=True), ((6,),))],
    "select_and_scatter_add": [Case(lambda s, x: windowed.select_and_scatter_add(
        s, x, "ge", (2, 2), (2, 2), ((0, 0), (0, 0))), ((2, 2), (4, 4))),
                               Case(lambda s, x: windowed.select_and_scatter_add(
        s, x, "le", (3,), (2,), ((1, 1),)), ((3,), (5,)))],
    "select_and_gather_add": [Case(lambda t, x: windowed.select_and_gather_add(
        t, x, "ge", (2, 2), (2, 2), ((0, 0), (0, 0))), ((4, 4), (4, 4))),
                              Case(lambda t, x: windowed.select_and_gather_add(
        t, x, "le", (2,), (1,), ((0, 1),), base_dilation=(2,)), ((4,), (4,)))],
    # sorting
    "sort": [Case(lambda x: sorting.sort(x, dimension=1), ((3, 4),)),
             Case(lambda k, v: sorting.sort_key_val(k, v, 0)[1], ((5,), (5,))),
             # two keys (the first with ties) and a passive operand, all outputs
             Case(lambda k, j, v: sorting.sort((xnp.round(k), j, v), 0, num_keys=2),
                  ((6, 2), (6, 2), (6, 2))),
             Case(lambda x: sorting.sort(x, dimension=0, is_stable=False), ((4, 3),))],
    "top_k": [Case(lambda x: sorting.top_k(x, 2)[0], ((3, 5),)),
              Case(lambda x: sorting.top_k(x, 3, axis=0)[0], ((4, 2),))],
    # convolution
    "conv_general_dilated": [
        Case(lambda x, w: lax_conv.conv_general_dilated(x, w, (1, 1), "SAME"),
             ((1, 2, 5, 5), (3, 2, 3, 3))),
        Case(lambda x, w: lax_conv.conv_general_dilated(
            x, w, (2,), ((1, 0),), rhs_dilation=(2,), feature_group_count=2),
             ((2, 4, 7), (4, 2, 2))),
        # strides, input dilation, negative padding and a channels-last layout
        Case(lambda x, w: lax_conv.conv_general_dilated(
            x, w, (2, 1), ((1, 2), (0, -1)), lhs_dilation=(1, 2), rhs_dilation=(1, 2),
            dimension_numbers=("NHWC", "HWIO", "NHWC")), ((2, 5, 4, 3), (2, 2, 3, 4))),
        Case(lambda x, w: lax_conv.conv_general_dilated(x, w, (1,), "VALID",
                                                        batch_group_count=2),
             ((4, 3, 6), (4, 3, 3))),
        Case(lambda x, w: lax_conv.conv_general_dilated(
            x, w, (1, 2), ((0, 1), (1, 1)), feature_group_count=3,
            dimension_numbers=("NCHW", "IOHW", "NHWC")), ((2, 6, 4, 5), (2, 6, 2, 3))),
    ],
    # linear algebra (LAPACK): well-conditioned inputs built inside the case
    "cholesky": [Case(lambda a: lax_linalg.cholesky(_spd(a)), ((4, 4),)),
                 # only the lower triangle is read: a diagonally dominant one
                 Case(lambda a: lax_linalg.cholesky(a + 4 * xnp.eye(4), symmetrize_input=False),
                      ((4, 4),), domain=(-0.5, 0.5))],
    "eigh": [Case(lambda a: lax_linalg.eigh(_spd(a)), ((4, 4),), tol=1e-4),
             Case(lambda a: lax_linalg.eigh(a, lower=False, symmetrize_input=False), ((3, 3),),
                  tol=1e-4)],
    "svd": [Case(lambda a: lax_linalg.svd(a, full_matrices=False), ((4, 3),), tol=1e-4),
            Case(lambda a: lax_linalg.svd(a, full_matrices=False), ((2, 3),), tol=1e-4),
            Case(lambda a: lax_linalg.svd(a), ((3, 3),), tol=1e-4),
            Case(lambda a: lax_linalg.svd(a, compute_uv=False), ((3, 4),))],
    "qr": [Case(lambda a: lax_linalg.qr(a, full_matrices=False), ((4, 3),)),
           Case(lambda a: lax_linalg.qr(a, full_matrices=True), ((4, 2),), tol=1e-4),
           Case(lambda a: lax_linalg.qr(a), ((2, 4),))],
    "triangular_solve": [
        Case(lambda a, b: lax_linalg.triangular_solve(a + 4 * xnp.eye(3), b, left_side=True,
                                                      lower=True), ((3, 3), (3, 2))),
        Case(lambda a, b: lax_linalg.triangular_solve(a + 4 * xnp.eye(3), b, transpose_a=True),
             ((3, 3), (2, 3))),
        Case(lambda a, b: lax_linalg.triangular_solve(a, b, left_side=True, unit_diagonal=True),
             ((3, 3), (3, 4)), domain=(-0.5, 0.5))],
    "fft": [Case(_fft_case("FFT", (4,)), ((3, 4), (3, 4))),
            Case(_fft_case("IFFT", (2, 3)), ((2, 3), (2, 3))),
            Case(_fft_case("IRFFT", (3, 6)), ((2, 3, 4), (2, 3, 4))),
            Case(_fft_case("IRFFT", (5,)), ((2, 3), (2, 3))),
            Case(_rfft_case, ((2, 3, 4),))],
    # eigenvalues, and |v|^2 weighted by row (free of each eigenvector's phase)
    "eig": [Case(lambda a: lax.real(lax_linalg.eig(a + 4 * xnp.eye(4),
                                                   compute_right_eigenvectors=False)),
                 ((4, 4),), tol=1e-4),
            # first order only: second derivatives of eigenvectors with a complex pair fail
            # the finite-difference check (known, see docs/linalg_fft.md)
            Case(lambda a: _eig_invariants(a + 4 * xnp.eye(3)), ((3, 3),), tol=1e-4, order=1)],
    "geqrf": [Case(lambda a: lax_linalg.geqrf(a), ((2, 4, 3),), ad=False),
              Case(lambda a: lax_linalg.geqrf(a), ((3, 5),), ad=False)],
    "lu": [Case(lambda a: lax_linalg.lu(a)[0], ((4, 4),)),
           Case(lambda a: lax_linalg.lu(a)[0], ((3, 5),))],
}  # fmt: skip

# Primitives tested elsewhere (they carry jaxprs or user functions), with where.
TESTED_ELSEWHERE = {
    "jit": "tests/test_jit.py and tests/test_autodiff.py",
    "cond": "tests/test_control_flow.py",
    "while": "tests/test_control_flow.py",
    "scan": "tests/test_control_flow.py",
    "checkpoint": "tests/test_autodiff.py",
    "custom_jvp_call": "tests/test_autodiff.py",
    "custom_vjp_call": "tests/test_autodiff.py",
    "custom_lin": "tests/test_autodiff.py (reverse mode of custom_vjp)",
    "random_gamma": "tests/test_random_golden.py and tests/test_random_transforms.py",
}


def all_cases() -> list[tuple[str, int, Case]]:
    return [(name, i, c) for name, cs in sorted(CASES.items()) for i, c in enumerate(cs)]
