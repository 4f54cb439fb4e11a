"""``xnp.scipy.special``: SciPy's special functions over xnp (see docs/scipy_special.md)."""
# ruff: noqa: F401 (a module of re-exports)

from __future__ import annotations

from xnp._src.scipy.special.convenience import binom as binom
from xnp._src.scipy.special.convenience import boxcox as boxcox
from xnp._src.scipy.special.convenience import boxcox1p as boxcox1p
from xnp._src.scipy.special.convenience import cbrt as cbrt
from xnp._src.scipy.special.convenience import comb as comb
from xnp._src.scipy.special.convenience import cosdg as cosdg
from xnp._src.scipy.special.convenience import cosm1 as cosm1
from xnp._src.scipy.special.convenience import cotdg as cotdg
from xnp._src.scipy.special.convenience import entr as entr
from xnp._src.scipy.special.convenience import exp2 as exp2
from xnp._src.scipy.special.convenience import exp10 as exp10
from xnp._src.scipy.special.convenience import expit as expit
from xnp._src.scipy.special.convenience import expm1 as expm1
from xnp._src.scipy.special.convenience import exprel as exprel
from xnp._src.scipy.special.convenience import factorial as factorial
from xnp._src.scipy.special.convenience import factorial2 as factorial2
from xnp._src.scipy.special.convenience import huber as huber
from xnp._src.scipy.special.convenience import inv_boxcox as inv_boxcox
from xnp._src.scipy.special.convenience import inv_boxcox1p as inv_boxcox1p
from xnp._src.scipy.special.convenience import kl_div as kl_div
from xnp._src.scipy.special.convenience import log1p as log1p
from xnp._src.scipy.special.convenience import log_expit as log_expit
from xnp._src.scipy.special.convenience import log_softmax as log_softmax
from xnp._src.scipy.special.convenience import logit as logit
from xnp._src.scipy.special.convenience import logsumexp as logsumexp
from xnp._src.scipy.special.convenience import perm as perm
from xnp._src.scipy.special.convenience import pseudo_huber as pseudo_huber
from xnp._src.scipy.special.convenience import radian as radian
from xnp._src.scipy.special.convenience import rel_entr as rel_entr
from xnp._src.scipy.special.convenience import round as round  # noqa: A004
from xnp._src.scipy.special.convenience import sindg as sindg
from xnp._src.scipy.special.convenience import softmax as softmax
from xnp._src.scipy.special.convenience import softplus as softplus
from xnp._src.scipy.special.convenience import tandg as tandg
from xnp._src.scipy.special.convenience import xlog1py as xlog1py
from xnp._src.scipy.special.convenience import xlogy as xlogy
from xnp._src.scipy.special.error import erf as erf
from xnp._src.scipy.special.error import erfc as erfc
from xnp._src.scipy.special.error import erfcinv as erfcinv
from xnp._src.scipy.special.error import erfinv as erfinv
from xnp._src.scipy.special.error import log_ndtr as log_ndtr
from xnp._src.scipy.special.error import ndtr as ndtr
from xnp._src.scipy.special.error import ndtri as ndtri
from xnp._src.scipy.special.error import ndtri_exp as ndtri_exp
from xnp._src.scipy.special.gamma import beta as beta
from xnp._src.scipy.special.gamma import betaln as betaln
from xnp._src.scipy.special.gamma import digamma as digamma
from xnp._src.scipy.special.gamma import gamma as gamma
from xnp._src.scipy.special.gamma import gammainc as gammainc
from xnp._src.scipy.special.gamma import gammaincc as gammaincc
from xnp._src.scipy.special.gamma import gammaln as gammaln
from xnp._src.scipy.special.gamma import gammasgn as gammasgn
from xnp._src.scipy.special.gamma import loggamma as loggamma
from xnp._src.scipy.special.gamma import multigammaln as multigammaln
from xnp._src.scipy.special.gamma import poch as poch
from xnp._src.scipy.special.gamma import polygamma as polygamma
from xnp._src.scipy.special.gamma import psi as psi
from xnp._src.scipy.special.gamma import rgamma as rgamma
from xnp._src.scipy.special.gamma import zeta as zeta
from xnp._src.scipy.special.gamma import zetac as zetac
