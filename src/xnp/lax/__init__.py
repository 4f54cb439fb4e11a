"""``xnp.lax``: the primitive operations every xnp program is built from."""

from xnp._src.lax.ad_util import stop_gradient as stop_gradient
from xnp._src.lax.cond import cond as cond
from xnp._src.lax.cond import switch as switch
from xnp._src.lax.conv import (
    ConvDimensionNumbers as ConvDimensionNumbers,
)
from xnp._src.lax.conv import (
    conv as conv,
)
from xnp._src.lax.conv import (
    conv_dimension_numbers as conv_dimension_numbers,
)
from xnp._src.lax.conv import (
    conv_general_dilated as conv_general_dilated,
)
from xnp._src.lax.conv import (
    conv_with_general_padding as conv_with_general_padding,
)
from xnp._src.lax.dot import dot as dot
from xnp._src.lax.dot import dot_general as dot_general
from xnp._src.lax.elementwise import *  # noqa: F403
from xnp._src.lax.elementwise import abs as abs  # noqa: A004
from xnp._src.lax.elementwise import complex as complex  # noqa: A004
from xnp._src.lax.elementwise import max as max
from xnp._src.lax.elementwise import min as min
from xnp._src.lax.elementwise import pow as pow
from xnp._src.lax.elementwise import round as round
from xnp._src.lax.loops import associative_scan as associative_scan
from xnp._src.lax.loops import (
    fori_loop as fori_loop,
)
from xnp._src.lax.loops import (
    map as map,  # noqa: A004
)
from xnp._src.lax.loops import (
    scan as scan,
)
from xnp._src.lax.loops import (
    while_loop as while_loop,
)
from xnp._src.lax.reductions import (
    argmax as argmax,
)
from xnp._src.lax.reductions import (
    argmin as argmin,
)
from xnp._src.lax.reductions import (
    reduce_and as reduce_and,
)
from xnp._src.lax.reductions import (
    reduce_max as reduce_max,
)
from xnp._src.lax.reductions import (
    reduce_min as reduce_min,
)
from xnp._src.lax.reductions import (
    reduce_or as reduce_or,
)
from xnp._src.lax.reductions import (
    reduce_prod as reduce_prod,
)
from xnp._src.lax.reductions import (
    reduce_sum as reduce_sum,
)
from xnp._src.lax.reductions import (
    reduce_xor as reduce_xor,
)
from xnp._src.lax.scatter import ScatterDimensionNumbers as ScatterDimensionNumbers
from xnp._src.lax.scatter import scatter as scatter
from xnp._src.lax.scatter import scatter_add as scatter_add
from xnp._src.lax.scatter import scatter_max as scatter_max
from xnp._src.lax.scatter import scatter_min as scatter_min
from xnp._src.lax.scatter import scatter_mul as scatter_mul
from xnp._src.lax.shapes import (
    bitcast_convert_type as bitcast_convert_type,
)
from xnp._src.lax.shapes import (
    broadcast as broadcast,
)
from xnp._src.lax.shapes import (
    broadcast_in_dim as broadcast_in_dim,
)
from xnp._src.lax.shapes import (
    broadcasted_iota as broadcasted_iota,
)
from xnp._src.lax.shapes import (
    concatenate as concatenate,
)
from xnp._src.lax.shapes import (
    convert_element_type as convert_element_type,
)
from xnp._src.lax.shapes import (
    expand_dims as expand_dims,
)
from xnp._src.lax.shapes import (
    iota as iota,
)
from xnp._src.lax.shapes import (
    pad as pad,
)
from xnp._src.lax.shapes import (
    reshape as reshape,
)
from xnp._src.lax.shapes import (
    rev as rev,
)
from xnp._src.lax.shapes import (
    squeeze as squeeze,
)
from xnp._src.lax.shapes import (
    transpose as transpose,
)
from xnp._src.lax.slicing import (
    GatherDimensionNumbers as GatherDimensionNumbers,
)
from xnp._src.lax.slicing import (
    GatherScatterMode as GatherScatterMode,
)
from xnp._src.lax.slicing import (
    dynamic_index_in_dim as dynamic_index_in_dim,
)
from xnp._src.lax.slicing import (
    dynamic_slice as dynamic_slice,
)
from xnp._src.lax.slicing import (
    dynamic_slice_in_dim as dynamic_slice_in_dim,
)
from xnp._src.lax.slicing import (
    dynamic_update_index_in_dim as dynamic_update_index_in_dim,
)
from xnp._src.lax.slicing import (
    dynamic_update_slice as dynamic_update_slice,
)
from xnp._src.lax.slicing import (
    dynamic_update_slice_in_dim as dynamic_update_slice_in_dim,
)
from xnp._src.lax.slicing import (
    gather as gather,
)
from xnp._src.lax.slicing import (
    index_in_dim as index_in_dim,
)
from xnp._src.lax.slicing import (
    slice as slice,  # noqa: A004
)
from xnp._src.lax.slicing import (
    slice_in_dim as slice_in_dim,
)
from xnp._src.lax.sorting import (
    sort as sort,
)
from xnp._src.lax.sorting import (
    sort_key_val as sort_key_val,
)
from xnp._src.lax.sorting import (
    top_k as top_k,
)
from xnp._src.lax.special import bessel_i0e as bessel_i0e
from xnp._src.lax.special import bessel_i0e_p as bessel_i0e_p
from xnp._src.lax.special import bessel_i1e as bessel_i1e
from xnp._src.lax.special import bessel_i1e_p as bessel_i1e_p
from xnp._src.lax.special import digamma as digamma
from xnp._src.lax.special import digamma_p as digamma_p
from xnp._src.lax.special import igamma as igamma
from xnp._src.lax.special import igamma_grad_a as igamma_grad_a
from xnp._src.lax.special import igamma_grad_a_p as igamma_grad_a_p
from xnp._src.lax.special import igamma_p as igamma_p
from xnp._src.lax.special import igammac as igammac
from xnp._src.lax.special import igammac_p as igammac_p
from xnp._src.lax.special import lgamma as lgamma
from xnp._src.lax.special import lgamma_p as lgamma_p
from xnp._src.lax.special import polygamma as polygamma
from xnp._src.lax.special import polygamma_p as polygamma_p
from xnp._src.lax.special import random_gamma_grad as random_gamma_grad
from xnp._src.lax.special import random_gamma_grad_p as random_gamma_grad_p
from xnp._src.lax.special import zeta as zeta
from xnp._src.lax.special import zeta_p as zeta_p
from xnp._src.lax.windowed import (
    cumlogsumexp as cumlogsumexp,
)
from xnp._src.lax.windowed import (
    cummax as cummax,
)
from xnp._src.lax.windowed import (
    cummin as cummin,
)
from xnp._src.lax.windowed import (
    cumprod as cumprod,
)
from xnp._src.lax.windowed import (
    cumsum as cumsum,
)
from xnp._src.lax.windowed import (
    padtype_to_pads as padtype_to_pads,
)
from xnp._src.lax.windowed import (
    reduce_window as reduce_window,
)
from xnp._src.lax.windowed import (
    reduce_window_max as reduce_window_max,
)
from xnp._src.lax.windowed import (
    reduce_window_min as reduce_window_min,
)
from xnp._src.lax.windowed import (
    reduce_window_sum as reduce_window_sum,
)
from xnp._src.lax.windowed import (
    select_and_gather_add as select_and_gather_add,
)
from xnp._src.lax.windowed import (
    select_and_scatter_add as select_and_scatter_add,
)
from xnp.lax import linalg as linalg
