"""Public pytree utilities (JAX-style ``tree_util``)."""

from xnp._src.tree_util import DictKey as DictKey
from xnp._src.tree_util import FlattenedIndexKey as FlattenedIndexKey
from xnp._src.tree_util import GetAttrKey as GetAttrKey
from xnp._src.tree_util import PyTreeDef as PyTreeDef
from xnp._src.tree_util import SequenceKey as SequenceKey
from xnp._src.tree_util import all_leaves as all_leaves
from xnp._src.tree_util import keystr as keystr
from xnp._src.tree_util import register_dataclass as register_dataclass
from xnp._src.tree_util import register_pytree_node as register_pytree_node
from xnp._src.tree_util import register_pytree_node_class as register_pytree_node_class
from xnp._src.tree_util import register_pytree_with_keys as register_pytree_with_keys
from xnp._src.tree_util import tree_all as tree_all
from xnp._src.tree_util import tree_flatten as tree_flatten
from xnp._src.tree_util import tree_flatten_with_path as tree_flatten_with_path
from xnp._src.tree_util import tree_leaves as tree_leaves
from xnp._src.tree_util import tree_leaves_with_path as tree_leaves_with_path
from xnp._src.tree_util import tree_map as tree_map
from xnp._src.tree_util import tree_map_with_path as tree_map_with_path
from xnp._src.tree_util import tree_reduce as tree_reduce
from xnp._src.tree_util import tree_structure as tree_structure
from xnp._src.tree_util import tree_transpose as tree_transpose
from xnp._src.tree_util import tree_unflatten as tree_unflatten
from xnp._src.tree_util import treedef_children as treedef_children
from xnp._src.tree_util import treedef_is_leaf as treedef_is_leaf
from xnp._src.tree_util import treedef_is_strict_leaf as treedef_is_strict_leaf
