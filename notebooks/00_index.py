# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Contents
#
# A companion to the calculus and automatic differentiation sections of
# [*Dive into Deep Learning*](https://d2l.ai) (d2l.ai), in Python, with a
# PyTorch edition and a JAX edition of sections 2.4 and 2.5.
# Read the chapters in order: each one says at the top what it teaches and
# assumes, and links to the next. The first two follow the textbook's sections
# 2.4 and 2.5 heading by heading; the next two go further. Every chapter ends
# with exercises. Under each one is an answer cell: fill in your answer, run
# it, and a check tells you whether it is right and, if not, what looks wrong.
# Every exercise also has a worked solution, which runs the same check on its
# own answer with `assert`.
#
# Every notebook here is re-run by the test suite, which compares each output
# with the one recorded, so what you read is what the code computes. The only
# outputs it does not compare are those that cannot be the same on every run,
# live widgets and timings; each such cell says so in a comment. Click a
# title to open it.
#
# ## Chapters
#
# 1. [2.4 Calculus](01_calculus.ipynb): derivatives as limits and the rules
#    that compute them, the textbook's plot helpers, partial derivatives and
#    gradients, and the chain rule (with the total derivative), each rule
#    checked with autograd.
# 2. [2.5 Automatic differentiation](02_autograd.ipynb): how PyTorch records
#    a computational graph and runs `backward` through it; gradients that
#    accumulate, non-scalar outputs and the Jacobian, `detach`, Python
#    control flow, and gradients in a training loop (`no_grad`, `zero_grad`,
#    an optimizer's step, accumulation over micro-batches).
# 3. [Autodiff from scratch](03_autodiff_from_scratch.ipynb): what automatic
#    differentiation is and is not (numerical, symbolic), evaluation traces,
#    and forward and reverse mode built by hand in a small engine.
# 4. [Calculus for deep learning](04_calculus_for_deep_learning.ipynb): linear
#    approximation, the geometry of gradient descent, backpropagation by hand,
#    higher derivatives and Taylor polynomials, and integrals.
#
# ## The first two chapters in JAX
#
# The textbook's pages have a tab per framework. These are the JAX tab of 2.4
# and 2.5: the same sections, examples and numbers, with JAX's function
# transformations (`jax.grad`, `jax.vjp`, `jax.jacrev`, `jax.lax.stop_gradient`,
# `jax.jit`) in place of PyTorch's `backward` and `.grad`. Each section links
# to its twin in the other framework.
#
# * [2.4 Calculus in JAX](jax/01_calculus.ipynb): derivatives, gradients and
#   the chain rule, checked with `jax.grad`, `jax.vmap` and `jax.jacrev`.
# * [2.5 Automatic differentiation in JAX](jax/02_autograd.ipynb): gradients as
#   functions (nothing accumulates), vector–Jacobian products with `jax.vjp`,
#   `stop_gradient`, and control flow under `grad` and under `jit`.
# * Solutions: [2.4 in JAX](jax/solutions/01_calculus_solutions.ipynb) and
#   [2.5 in JAX](jax/solutions/02_autograd_solutions.ipynb).
#
# ## Solutions
#
# * [Solutions to 2.4 Calculus](solutions/01_calculus_solutions.ipynb): the
#   ten exercises, from limits to the derivative of an inverse function.
# * [Solutions to 2.5 Automatic differentiation](solutions/02_autograd_solutions.ipynb):
#   the cost of second derivatives, backward twice, control flow with vectors,
#   and one function differentiated forward and backward on its graph.
# * [Solutions to Autodiff from scratch](solutions/03_autodiff_from_scratch_solutions.ipynb):
#   a `tan` primitive for both modes, a backward rule with a wrong sign, a
#   Hessian-vector product by forward over reverse, the cost of each mode for
#   a wide Jacobian, and the best finite-difference step in float32.
# * [Solutions to Calculus for deep learning](solutions/04_calculus_for_deep_learning_solutions.ipynb):
#   linear approximation, when gradient descent diverges, the work of
#   backpropagation, Taylor coefficients, Riemann sums and critical points.
#
# ## Appendix
#
# * [Utility functions and classes](90_utilities.ipynb): the library's
#   plumbing that the chapters leave out, such as input checks for the plot
#   helpers and reproducible SVG figures.
# * [Explorers and their engine](90_utilities_explorers.ipynb): the sliders
#   of the chapters and what makes them move, in JupyterLab and in a static
#   page.
# * [Utilities of autodiff from scratch](91_utilities_autodiff.ipynb): the
#   engine's evaluation traces printed as tables, computational graphs drawn,
#   and the slider that steps through a backward pass.
# * [Exercise checks](92_utilities_exercises.ipynb): how every exercise's
#   answer cell is checked, with `d2l.exercise(chapter, number)` and its
#   `check(answer)`, `hint()` and `solution()`.
# * [Reading and judging an answer](93_utilities_answers.ipynb): the forms an
#   answer may take, how a check compares it with the truth and names the
#   mistake, and the questions with options.
# * The exercises of each chapter, with their checks and hints:
#   [2.4 Calculus](94_utilities_exercises_calculus.ipynb),
#   [2.5 Automatic differentiation](95_utilities_exercises_autograd.ipynb),
#   [Autodiff from scratch](96_utilities_exercises_autodiff_scratch.ipynb),
#   [Calculus for deep learning](97_utilities_exercises_calculus_dl.ipynb).
#
# The helpers that the chapters mark `#@save` make up the library `d2lutils`;
# `import d2lutils as d2l` gives them to any notebook, as
# `from d2l import torch as d2l` does for the textbook's.

# %% [markdown]
# ## Run a chapter without installing anything
#
# Each badge opens a chapter in a hosted notebook service. Its first code cell
# installs `d2lutils` there; the versions of torch, NumPy and Matplotlib are the
# service's own, so a number may differ from the recorded one in its last
# digits, and a figure in its details.
#
# <!-- hosted: badges -->
# | Chapter | Colab | Studio Lab | Kaggle | Binder |
# | --- | --- | --- | --- | --- |
# | [2.4 Calculus](01_calculus.ipynb) | [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/d2l-companion/d2l-calculus-companion/blob/main/notebooks/01_calculus.ipynb) | [![Open in SageMaker Studio Lab](https://studiolab.sagemaker.aws/studiolab.svg)](https://studiolab.sagemaker.aws/import/github/d2l-companion/d2l-calculus-companion/blob/main/notebooks/01_calculus.ipynb) | [![Open in Kaggle](https://kaggle.com/static/images/open-in-kaggle.svg)](https://kaggle.com/kernels/welcome?src=https://github.com/d2l-companion/d2l-calculus-companion/blob/main/notebooks/01_calculus.ipynb) | [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/d2l-companion/d2l-calculus-companion/main?urlpath=lab/tree/notebooks/01_calculus.ipynb) |
# | [2.5 Automatic differentiation](02_autograd.ipynb) | [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/d2l-companion/d2l-calculus-companion/blob/main/notebooks/02_autograd.ipynb) | [![Open in SageMaker Studio Lab](https://studiolab.sagemaker.aws/studiolab.svg)](https://studiolab.sagemaker.aws/import/github/d2l-companion/d2l-calculus-companion/blob/main/notebooks/02_autograd.ipynb) | [![Open in Kaggle](https://kaggle.com/static/images/open-in-kaggle.svg)](https://kaggle.com/kernels/welcome?src=https://github.com/d2l-companion/d2l-calculus-companion/blob/main/notebooks/02_autograd.ipynb) | [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/d2l-companion/d2l-calculus-companion/main?urlpath=lab/tree/notebooks/02_autograd.ipynb) |
# | [Autodiff from scratch](03_autodiff_from_scratch.ipynb) | [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/d2l-companion/d2l-calculus-companion/blob/main/notebooks/03_autodiff_from_scratch.ipynb) | [![Open in SageMaker Studio Lab](https://studiolab.sagemaker.aws/studiolab.svg)](https://studiolab.sagemaker.aws/import/github/d2l-companion/d2l-calculus-companion/blob/main/notebooks/03_autodiff_from_scratch.ipynb) | [![Open in Kaggle](https://kaggle.com/static/images/open-in-kaggle.svg)](https://kaggle.com/kernels/welcome?src=https://github.com/d2l-companion/d2l-calculus-companion/blob/main/notebooks/03_autodiff_from_scratch.ipynb) | [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/d2l-companion/d2l-calculus-companion/main?urlpath=lab/tree/notebooks/03_autodiff_from_scratch.ipynb) |
# | [Calculus for deep learning](04_calculus_for_deep_learning.ipynb) | [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/d2l-companion/d2l-calculus-companion/blob/main/notebooks/04_calculus_for_deep_learning.ipynb) | [![Open in SageMaker Studio Lab](https://studiolab.sagemaker.aws/studiolab.svg)](https://studiolab.sagemaker.aws/import/github/d2l-companion/d2l-calculus-companion/blob/main/notebooks/04_calculus_for_deep_learning.ipynb) | [![Open in Kaggle](https://kaggle.com/static/images/open-in-kaggle.svg)](https://kaggle.com/kernels/welcome?src=https://github.com/d2l-companion/d2l-calculus-companion/blob/main/notebooks/04_calculus_for_deep_learning.ipynb) | [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/d2l-companion/d2l-calculus-companion/main?urlpath=lab/tree/notebooks/04_calculus_for_deep_learning.ipynb) |
# | [2.4 Calculus (JAX)](jax/01_calculus.ipynb) | [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/d2l-companion/d2l-calculus-companion/blob/main/notebooks/jax/01_calculus.ipynb) | [![Open in SageMaker Studio Lab](https://studiolab.sagemaker.aws/studiolab.svg)](https://studiolab.sagemaker.aws/import/github/d2l-companion/d2l-calculus-companion/blob/main/notebooks/jax/01_calculus.ipynb) | [![Open in Kaggle](https://kaggle.com/static/images/open-in-kaggle.svg)](https://kaggle.com/kernels/welcome?src=https://github.com/d2l-companion/d2l-calculus-companion/blob/main/notebooks/jax/01_calculus.ipynb) | [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/d2l-companion/d2l-calculus-companion/main?urlpath=lab/tree/notebooks/jax/01_calculus.ipynb) |
# | [2.5 Automatic differentiation (JAX)](jax/02_autograd.ipynb) | [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/d2l-companion/d2l-calculus-companion/blob/main/notebooks/jax/02_autograd.ipynb) | [![Open in SageMaker Studio Lab](https://studiolab.sagemaker.aws/studiolab.svg)](https://studiolab.sagemaker.aws/import/github/d2l-companion/d2l-calculus-companion/blob/main/notebooks/jax/02_autograd.ipynb) | [![Open in Kaggle](https://kaggle.com/static/images/open-in-kaggle.svg)](https://kaggle.com/kernels/welcome?src=https://github.com/d2l-companion/d2l-calculus-companion/blob/main/notebooks/jax/02_autograd.ipynb) | [![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/d2l-companion/d2l-calculus-companion/main?urlpath=lab/tree/notebooks/jax/02_autograd.ipynb) |
# <!-- /hosted: badges -->
