"""``xnp.scipy.special``, split by family: convenience.py (logistic, entropies, Box-Cox,
combinatorics), gamma.py (gamma family, incomplete gamma, zeta), error.py (erf family, normal
distribution helpers) and bessel.py (i0, i1 and their scaled forms). Each is written over lax
and the NumPy layer, so jvp, vmap and jit come from the operations they are made of (or from a
``custom_jvp`` where an iteration would give a poor derivative).
beta_family.py: the incomplete beta functions and their inverses (betainc, betaincc,
betaincinv, betainccinv) and the distribution helpers over them (stdtr, stdtrit, fdtr, fdtrc,
fdtri, bdtr, bdtrc, bdtri, nbdtr, nbdtrc, nbdtri), with chdtri, pdtri and kolmogorov."""
