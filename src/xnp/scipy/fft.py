"""``xnp.scipy.fft``: SciPy's FFTs over xnp (see ``xnp._src.scipy.fft``)."""

from xnp._src.scipy.fft import fft as fft
from xnp._src.scipy.fft import fft2 as fft2
from xnp._src.scipy.fft import fftfreq as fftfreq
from xnp._src.scipy.fft import fftn as fftn
from xnp._src.scipy.fft import fftshift as fftshift
from xnp._src.scipy.fft import hfft as hfft
from xnp._src.scipy.fft import hfft2 as hfft2
from xnp._src.scipy.fft import hfftn as hfftn
from xnp._src.scipy.fft import ifft as ifft
from xnp._src.scipy.fft import ifft2 as ifft2
from xnp._src.scipy.fft import ifftn as ifftn
from xnp._src.scipy.fft import ifftshift as ifftshift
from xnp._src.scipy.fft import ihfft as ihfft
from xnp._src.scipy.fft import ihfft2 as ihfft2
from xnp._src.scipy.fft import ihfftn as ihfftn
from xnp._src.scipy.fft import irfft as irfft
from xnp._src.scipy.fft import irfft2 as irfft2
from xnp._src.scipy.fft import irfftn as irfftn
from xnp._src.scipy.fft import next_fast_len as next_fast_len
from xnp._src.scipy.fft import prev_fast_len as prev_fast_len
from xnp._src.scipy.fft import rfft as rfft
from xnp._src.scipy.fft import rfft2 as rfft2
from xnp._src.scipy.fft import rfftfreq as rfftfreq
from xnp._src.scipy.fft import rfftn as rfftn
