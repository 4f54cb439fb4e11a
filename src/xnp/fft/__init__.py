"""``xnp.fft``: NumPy's ``numpy.fft`` over XLA's FFT, differentiable and vectorizable.
See ``xnp._src.numpy.fft`` for details."""

from xnp._src.numpy.fft import fft as fft
from xnp._src.numpy.fft import fft2 as fft2
from xnp._src.numpy.fft import fftfreq as fftfreq
from xnp._src.numpy.fft import fftn as fftn
from xnp._src.numpy.fft import fftshift as fftshift
from xnp._src.numpy.fft import hfft as hfft
from xnp._src.numpy.fft import ifft as ifft
from xnp._src.numpy.fft import ifft2 as ifft2
from xnp._src.numpy.fft import ifftn as ifftn
from xnp._src.numpy.fft import ifftshift as ifftshift
from xnp._src.numpy.fft import ihfft as ihfft
from xnp._src.numpy.fft import irfft as irfft
from xnp._src.numpy.fft import irfft2 as irfft2
from xnp._src.numpy.fft import irfftn as irfftn
from xnp._src.numpy.fft import rfft as rfft
from xnp._src.numpy.fft import rfft2 as rfft2
from xnp._src.numpy.fft import rfftfreq as rfftfreq
from xnp._src.numpy.fft import rfftn as rfftn
