"""``xnp.lax``: the primitive operations every xnp program is built from."""

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
    reshape as reshape,
    squeeze as squeeze,
    transpose as transpose,
)
