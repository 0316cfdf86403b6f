"""The two functions the autodiff chapter differentiates, for its tests to share."""

from d2lutils import autodiff as ad


def f(x1, x2):
    """y = x1 x2 + x2 - ln x1, computed in the order of the chapter's trace v1, v2, v3, v4."""
    v1 = x1 * x2
    v2 = ad.log(x1)
    v3 = v1 + x2
    return v3 - v2


def f2(x1, x2):
    """The chapter's worked example (section 6): ln x1 + x1 x2 - sin x2."""
    return ad.log(x1) + x1 * x2 - ad.sin(x2)
