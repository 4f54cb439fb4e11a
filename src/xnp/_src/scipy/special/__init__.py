"""``xnp.scipy.special``, split by family: convenience.py (logistic, entropies, Box-Cox,
combinatorics), gamma.py (gamma family, incomplete gamma, zeta), error.py (erf family, normal
distribution helpers) and bessel.py (i0, i1 and their scaled forms). Each is written over lax
and the NumPy layer, so jvp, vmap and jit come from the operations they are made of (or from a
``custom_jvp`` where an iteration would give a poor derivative).
integrals.py: erfcx, erfi, dawsn, the exponential integrals (expi, exp1, expn), spence, sici,
shichi. elliptic.py: Carlson's symmetric forms (elliprf, elliprd, elliprc, elliprj, elliprg)
and the Legendre forms over them (ellipk, ellipkm1, ellipe, ellipkinc, ellipeinc).
bessel_int.py: j0, j1, y0, y1, k0, k0e, k1, k1e. orthogonal.py: eval_legendre, eval_chebyt,
eval_chebyu, eval_hermite, eval_hermitenorm, eval_laguerre, eval_genlaguerre (integer degrees,
by recurrence).
_kernels.py: their shared helpers.
beta_family.py: the incomplete beta functions and their inverses (betainc, betaincc,
betaincinv, betainccinv) and the distribution helpers over them (stdtr, stdtrit, fdtr, fdtrc,
fdtri, bdtr, bdtrc, bdtri, nbdtr, nbdtrc, nbdtri), with chdtri, pdtri and kolmogorov."""
