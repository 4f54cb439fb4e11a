"""``xnp.lax``: the primitive operations every xnp program is built from."""

from xnp._src.lax.conv import (
    ConvDimensionNumbers as ConvDimensionNumbers,
    conv as conv,
    conv_dimension_numbers as conv_dimension_numbers,
    conv_general_dilated as conv_general_dilated,
    conv_with_general_padding as conv_with_general_padding,
)
from xnp._src.lax.dot import dot as dot, dot_general as dot_general
from xnp._src.lax.elementwise import *  # noqa: F403
from xnp._src.lax.elementwise import abs as abs, max as max, min as min, pow as pow  # noqa: A004
from xnp._src.lax.elementwise import complex as complex, round as round  # noqa: A004
from xnp._src.lax.reductions import (
    argmax as argmax,
    argmin as argmin,
    reduce_and as reduce_and,
    reduce_max as reduce_max,
    reduce_min as reduce_min,
    reduce_or as reduce_or,
    reduce_prod as reduce_prod,
    reduce_sum as reduce_sum,
    reduce_xor as reduce_xor,
)
from xnp._src.lax.shapes import (
    bitcast_convert_type as bitcast_convert_type,
    broadcast as broadcast,
    broadcast_in_dim as broadcast_in_dim,
    broadcasted_iota as broadcasted_iota,
    concatenate as concatenate,
    convert_element_type as convert_element_type,
    expand_dims as expand_dims,
    iota as iota,
    pad as pad,
    reshape as reshape,
    rev as rev,
    squeeze as squeeze,
    transpose as transpose,
)
from xnp._src.lax.slicing import (
    GatherDimensionNumbers as GatherDimensionNumbers,
    GatherScatterMode as GatherScatterMode,
    ScatterDimensionNumbers as ScatterDimensionNumbers,
    dynamic_index_in_dim as dynamic_index_in_dim,
    dynamic_slice as dynamic_slice,
    dynamic_slice_in_dim as dynamic_slice_in_dim,
    dynamic_update_index_in_dim as dynamic_update_index_in_dim,
    dynamic_update_slice as dynamic_update_slice,
    dynamic_update_slice_in_dim as dynamic_update_slice_in_dim,
    gather as gather,
    index_in_dim as index_in_dim,
    scatter as scatter,
    scatter_add as scatter_add,
    scatter_max as scatter_max,
    scatter_min as scatter_min,
    scatter_mul as scatter_mul,
    slice as slice,  # noqa: A004
    slice_in_dim as slice_in_dim,
)
from xnp._src.lax.sorting import (
    sort as sort,
    sort_key_val as sort_key_val,
    top_k as top_k,
)
from xnp._src.lax.windowed import (
    cumlogsumexp as cumlogsumexp,
    cummax as cummax,
    cummin as cummin,
    cumprod as cumprod,
    cumsum as cumsum,
    padtype_to_pads as padtype_to_pads,
    reduce_window as reduce_window,
    reduce_window_max as reduce_window_max,
    reduce_window_min as reduce_window_min,
    reduce_window_sum as reduce_window_sum,
    select_and_gather_add as select_and_gather_add,
    select_and_scatter_add as select_and_scatter_add,
)
from xnp._src.lax.cond import cond as cond, switch as switch
from xnp._src.lax.loops import (
    fori_loop as fori_loop,
    map as map,  # noqa: A004
    scan as scan,
    while_loop as while_loop,
)
from xnp._src.lax.ad_util import stop_gradient as stop_gradient
from xnp._src.lax.loops import associative_scan as associative_scan
