# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Calculus for deep learning
#
# The calculus chapter gave us derivatives, gradients and the chain rule. This
# chapter puts them to work on the one job they have in deep learning:
# training. We look at what a gradient *means* geometrically, watch gradient
# descent move, take backpropagation apart into the chain rule applied in a
# clever order, and meet second derivatives and integrals along the way.
#
# The material follows the textbook's appendix on single-variable,
# multivariable and integral calculus (§22.3–22.5) and the course notes built
# on it. Because it draws on several sections, the headings below carry this
# companion's own numbers. Along the way we add three helpers to `d2lutils`,
# `gradient_descent_2d`, `plot_path_2d` and `plot_contour_gradients`, and two
# figures that sliders redraw: `draw_descent`, for the learning rate of
# gradient descent, and `draw_taylor`, for Taylor polynomials. Their input
# checks and the sliders' wiring are in the appendix
# [Utility functions and classes](90_utilities.ipynb).
#
# **What you will learn.** The linear approximation and what a gradient means
# geometrically; gradient descent and the role of the learning rate; why a
# zero gradient need not be a minimum; backpropagation as the chain rule
# applied from the output backwards, and what that saves; second derivatives,
# Taylor polynomials and Newton's step; integrals as limits of sums and the
# fundamental theorem of calculus.
#
# **What you need.** Derivatives, partial derivatives, gradients and the
# chain rule ([Calculus](01_calculus.ipynb)), PyTorch's autograd
# ([Automatic differentiation](02_autograd.ipynb)), and, for Section 4.5,
# forward and reverse mode ([Autodiff from scratch](03_autodiff_from_scratch.ipynb)).

# %%
# In Colab, Kaggle, Studio Lab or a notebook alone, this installs d2lutils.
import importlib.util, os, sys
if importlib.util.find_spec('d2lutils') is None:
    repository = 'git+https://github.com/d2l-companion/d2l-calculus-companion'
    source = os.environ.get('D2LUTILS_PIP_SOURCE', repository)
    print(f'Installing d2lutils from {source}')
    get_ipython().system(f'"{sys.executable}" -m pip install --quiet {source}')

# %%
import math

import numpy as np
import sympy
import torch

import d2lutils as d2l

# %% [markdown]
# ## 4.1 Why: training is minimization
#
# Training a model means choosing its parameters $\mathbf{w}$ to make a loss
# $L(\mathbf{w})$ small, the loss measuring how badly the model fits the
# training data. We rarely can solve for the best $\mathbf{w}$ directly.
# Instead we start from random values and take many small steps, each in the
# direction in which the loss falls fastest. Calculus tells us that direction.
#
# Here is the whole story in miniature: fit a line $y \approx w x$ through
# twenty noisy points by minimizing the mean squared error
# $L(w) = \frac{1}{n}\sum_i (w x_i - y_i)^2$, starting from a random $w$.

# %%
torch.manual_seed(0)  # the same data and the same starting point on every run
xs = torch.linspace(-1, 1, 20)
ys = 3 * xs + 0.3 * torch.randn(20)
w = torch.randn(1, requires_grad=True)  # random initialization


def loss(w):
    return ((w * xs - ys) ** 2).mean()


for step in range(31):
    L = loss(w)
    if step % 5 == 0:
        print(f'step {step:2d}: w = {w.item():.4f}, loss = {L.item():.4f}')
    L.backward()
    with torch.no_grad():
        w -= 0.5 * w.grad  # a small step against the gradient
    w.grad.zero_()

# %% [markdown]
# For this loss the best $w$ can also be found in closed form,
# $w^\star = \sum_i x_i y_i / \sum_i x_i^2$; the small steps found it too.

# %%
w_star = (xs @ ys) / (xs @ xs)
print(f'closed form: w* = {w_star.item():.4f}, '
      f'loss = {loss(w_star).item():.4f}')

# %% [markdown]
# The rest of the chapter explains why this works, when it fails, and how the
# gradient is computed.
#
# ## 4.2 Linear approximation
#
# The derivative says how $f$ changes near a point. Rearranging its definition,
# for a small $\epsilon$,
#
# $$f(x + \epsilon) \approx f(x) + \epsilon f'(x).$$
#
# The right-hand side, as a function of $x + \epsilon$, is the tangent line at
# $x$. Near the point of contact, the tangent and the curve are hard to tell
# apart; farther away they part. Here is $f(x) = \sin x$ with its tangent at
# $x_0 = 1$.

# %%
x0 = 1.0
x = np.linspace(-1, 3, 81)
tangent = np.sin(x0) + (x - x0) * np.cos(x0)
d2l.plot(x, [np.sin(x), tangent], 'x', 'y',
         legend=['sin x', 'tangent at x = 1'], ylim=(-1.5, 2))

# %% [markdown]
# How good is the approximation? The error shrinks like $\epsilon^2$: divide
# it by $\epsilon^2$ and it settles on $|f''(x_0)|/2 = \sin(1)/2 \approx 0.4207$.
# We will see why in Section 4.6.

# %%
for eps in [0.1, 0.01, 0.001]:
    error = abs(math.sin(x0 + eps) - (math.sin(x0) + eps * math.cos(x0)))
    print(f'eps={eps:<6}  error={error:.3e}  '
          f'error/eps^2={error / eps ** 2:.4f}')

# %% [markdown]
# With many inputs the derivative becomes the gradient, and the product
# $\epsilon f'(x)$ becomes a dot product:
#
# $$L(\mathbf{x} + \boldsymbol{\epsilon}) \approx L(\mathbf{x})
# + \boldsymbol{\epsilon} \cdot \nabla L(\mathbf{x}).$$
#
# Take $f(x, y) = \log(e^x + e^y)$, the "smooth maximum" that appears in the
# softmax and cross-entropy. Its gradient is
# $\left(\frac{e^x}{e^x + e^y}, \frac{e^y}{e^x + e^y}\right)$, which at
# $(0, \log 2)$ is $(1/3, 2/3)$, while $f(0, \log 2) = \log 3$. We let autograd
# find the gradient and predict the value after the step
# $\boldsymbol{\epsilon} = (0.01, -0.03)$.

# %%
def smooth_max(p):
    return torch.log(torch.exp(p[0]) + torch.exp(p[1]))


p = torch.tensor([0.0, math.log(2)], dtype=torch.float64, requires_grad=True)
value = smooth_max(p)
value.backward()
eps = torch.tensor([0.01, -0.03], dtype=torch.float64)
approximation = value.item() + (eps @ p.grad).item()
true_value = smooth_max(p.detach() + eps).item()
predicted_change = approximation - value.item()
actual_change = true_value - value.item()
print(f'f(0, log 2) = {value.item():.4f},  '
      f'gradient = {p.grad.numpy().round(4)}')
print(f'linear approximation: {approximation:.4f}')
print(f'true value:           {true_value:.4f}')
print(f'change of f: predicted {predicted_change:.4f}, '
      f'actual {actual_change:.4f}')
# epsilon . gradient
assert math.isclose(predicted_change, 0.01 / 3 - 0.03 * 2 / 3)
assert abs(actual_change - predicted_change) < (eps @ eps).item()

# %% [markdown]
# The linear approximation predicted that the step would change $f$ by
# $\boldsymbol{\epsilon} \cdot \nabla f = 0.01 \cdot \tfrac13 - 0.03 \cdot
# \tfrac23 \approx -0.0167$; the actual change is $-0.0165$. The prediction
# missed by $0.0002$, less than $\|\boldsymbol{\epsilon}\|^2 = 0.001$: the
# error is of second order.
#
# ## 4.3 Common derivatives
#
# A short table covers most of the functions found in networks. For a constant
# $a > 0$, $a \neq 1$:
#
# | $f(x)$ | $f'(x)$ | | $f(x)$ | $f'(x)$ |
# |---|---|---|---|---|
# | $x^n$ | $n x^{n-1}$ | | $\sin x$ | $\cos x$ |
# | $e^x$ | $e^x$ | | $\cos x$ | $-\sin x$ |
# | $a^x$ | $a^x \ln a$ | | $\tan x$ | $1/\cos^2 x$ |
# | $\ln x$ | $1/x$ | | $\sigma(x) = 1/(1 + e^{-x})$ | $\sigma(x)(1 - \sigma(x))$ |
# | $\log_a x$ | $1/(x \ln a)$ | | $\tanh x$ | $1 - \tanh^2 x$ |
#
# The rows for $a^x$ and $\log_a x$ follow from $a^x = e^{x \ln a}$ and
# $\log_a x = \ln x / \ln a$. Each row is checked below against autograd on
# a grid of points in $[0.1, 1.5]$ (inside the domain of every function),
# with $a = 2$ computed by PyTorch's own `exp2` and `log2`.

# %%
def derivative_by_autograd(fn, x):
    """f'(x_i) at every point of the 1-D tensor x, for an elementwise fn."""
    x = x.detach().clone().requires_grad_(True)
    fn(x).sum().backward()  # each output depends on one input, so this is f'
    return x.grad


grid = torch.linspace(0.1, 1.5, 50, dtype=torch.float64)
ln2 = math.log(2)
table = {
    'x^3':     (lambda x: x ** 3, lambda x: 3 * x ** 2),
    'e^x':     (torch.exp, torch.exp),
    '2^x':     (torch.exp2, lambda x: 2 ** x * ln2),
    'ln x':    (torch.log, lambda x: 1 / x),
    'log_2 x': (torch.log2, lambda x: 1 / (x * ln2)),
    'sin x':   (torch.sin, torch.cos),
    'cos x':   (torch.cos, lambda x: -torch.sin(x)),
    'tan x':   (torch.tan, lambda x: 1 / torch.cos(x) ** 2),
    'sigma(x)': (torch.sigmoid,
                 lambda x: torch.sigmoid(x) * (1 - torch.sigmoid(x))),
    'tanh x':  (torch.tanh, lambda x: 1 - torch.tanh(x) ** 2),
}
for name, (fn, rule) in table.items():
    gap = (derivative_by_autograd(fn, grid) - rule(grid)).abs().max().item()
    print(f'{name:9s} agrees with the rule to 1e-12: {gap < 1e-12}')
    assert torch.allclose(derivative_by_autograd(fn, grid), rule(grid))

# %% [markdown]
# Some course notes give the derivative of $a^x$ as $a^x \ln x$. That is
# wrong: the logarithm is of the constant base, not of the variable. The
# check above would have caught it:

# %%
wrong_rule = lambda x: 2 ** x * torch.log(x)
gap = (derivative_by_autograd(torch.exp2, grid)
       - wrong_rule(grid)).abs().max().item()
print(f'a^x ln x is off by up to {gap:.2f}')
assert not torch.allclose(derivative_by_autograd(torch.exp2, grid),
                          wrong_rule(grid))

# %% [markdown]
# ## 4.4 The geometry of gradients and gradient descent
#
# ### 4.4.1 The direction of steepest descent
#
# Which way should a step go? Move from $\mathbf{x}$ by a short distance
# $\epsilon$ in the direction of a unit vector $\mathbf{v}$. By the linear
# approximation,
#
# $$L(\mathbf{x} + \epsilon \mathbf{v}) \approx L(\mathbf{x})
# + \epsilon\, \mathbf{v} \cdot \nabla L(\mathbf{x})
# = L(\mathbf{x}) + \epsilon\, \|\nabla L(\mathbf{x})\| \cos\theta,$$
#
# where $\theta$ is the angle between $\mathbf{v}$ and the gradient. The
# change is most negative when $\cos\theta = -1$, that is, when $\mathbf{v}$
# points exactly against the gradient: $-\nabla L$ is the direction of
# steepest descent, and there the loss falls at rate $\|\nabla L\|$. Moving
# perpendicular to the gradient ($\cos\theta = 0$) leaves the loss unchanged
# to first order.
#
# Let us test the claim without the dot product: for
# $L(x_1, x_2) = x_1^2 + 4x_2^2$ at $(2, 1)$, where $\nabla L = (4, 8)$, try
# 3600 directions, measure the slope along each by a central difference, and
# keep the steepest downhill one.

# %%
def bowl(x1, x2):
    return x1 ** 2 + 4 * x2 ** 2


def bowl_grad(x1, x2):
    return 2 * x1, 8 * x2


angles = np.radians(np.arange(0, 360, 0.1))
h = 1e-6
slopes = (bowl(2 + h * np.cos(angles), 1 + h * np.sin(angles))
          - bowl(2 - h * np.cos(angles), 1 - h * np.sin(angles))) / (2 * h)
g = np.array(bowl_grad(2.0, 1.0))
steepest_angle = np.degrees(angles[slopes.argmin()])
minus_gradient_angle = np.degrees(np.arctan2(-g[1], -g[0])) % 360
print(f'steepest descent found at {steepest_angle:.1f} degrees, slope '
      f'{slopes.min():.4f}')
print(f'direction of -grad L:     {minus_gradient_angle:.1f} degrees, '
      f'-|grad L| = {-np.linalg.norm(g):.4f}')
# half the 0.1-degree grid
assert abs(steepest_angle - minus_gradient_angle) <= 0.05
assert math.isclose(slopes.min(), -np.linalg.norm(g), rel_tol=1e-6)

# %% [markdown]
# ### 4.4.2 Gradients on a contour plot
#
# A contour plot draws the curves along which $L$ is constant. The gradient at
# a point is perpendicular to the contour through it (moving along the
# contour does not change $L$) and points uphill. The helper below draws both:
# the contour lines of `f` and, on a grid, an arrow for the gradient, its
# length proportional to $\|\nabla f\|$. Its input checks (`d2l.optimization.check_...`)
# and the sampling of `f` and its gradient on grids (`d2l.optimization.contour_grid`,
# `d2l.optimization.gradient_grid`) are plumbing, kept in the appendix
# [Utility functions and classes](90_utilities.ipynb), as are those of the
# figures below.

# %%
#@save optimization
def plot_contour_gradients(f, grad_fn, xlim=(-3, 3), ylim=(-2, 2), levels=10,
                           arrows=9, xlabel='x1', ylabel='x2',
                           figsize=(3.5, 2.5), axes=None, minimum=None):
    """Draw the contour lines of f and its gradient as arrows on a grid.

    f: a callable f(x1, x2) that works elementwise on NumPy arrays.
    grad_fn: a callable grad_fn(x1, x2) returning the gradient (g1, g2) of f
       at one point, a pair of floats.
    xlim, ylim: the region drawn, each a pair (low, high).
    levels: the number of contour lines (a positive int) or their values (a
       sequence of increasing numbers).
    arrows: how many arrows along each axis, an int >= 2. Arrow lengths are
       proportional to the gradient's norm, the longest one grid step long.
    xlabel, ylabel: axis labels. figsize: (width, height) in inches.
    axes: draw on these Matplotlib axes, cleared first, instead of the current
       ones. The aspect ratio is set to equal, so right angles look right.
    minimum: None, or a point (x1, x2) to mark with a star, such as the minimum.
    Each contour line is labelled with its value of f.

    Defined in notebooks/04_calculus_for_deep_learning.ipynb (4.4.2)."""
    d2l.optimization.check_callable_2d(grad_fn, 'grad_fn')
    xlim = d2l.plotting.check_limits(xlim, 'xlim')
    ylim = d2l.plotting.check_limits(ylim, 'ylim')
    d2l.optimization.check_levels(levels)
    d2l.plotting.check_count(arrows, 'arrows', 2, ' per axis')
    if minimum is not None:
        minimum = d2l.plotting.check_point_2d(minimum, 'minimum')
    X1, X2, Z = d2l.optimization.contour_grid(f, xlim, ylim)  # a 60 x 60 grid
    # G[i]: the gradient at the i-th point of the grid P1, P2
    P1, P2, G = d2l.optimization.gradient_grid(grad_fn, xlim, ylim, arrows)
    step = min(xlim[1] - xlim[0], ylim[1] - ylim[0]) / (arrows - 1)
    longest = np.linalg.norm(G, axis=1).max()
    d2l.set_figsize(figsize)
    if axes is None:
        axes = d2l.plt.gca()
    axes.cla()
    contours = axes.contour(X1, X2, Z, levels=levels, linewidths=0.8)
    axes.clabel(contours, fontsize=7, fmt='%g', colors='0.2')
    scale = (longest / step) if longest > 0 else 1.0
    axes.quiver(P1.ravel(), P2.ravel(), G[:, 0], G[:, 1], angles='xy',
                scale_units='xy', scale=scale, color='C3', width=0.008)
    if minimum is not None:
        axes.plot(*minimum, 'k*', markersize=9)
    axes.set_xlim(xlim), axes.set_ylim(ylim)
    axes.set_xlabel(xlabel), axes.set_ylabel(ylabel)
    axes.set_aspect('equal')


# %% [markdown]
# On our elongated bowl $L = x_1^2 + 4x_2^2$, every arrow crosses its contour
# at a right angle. Each contour is labelled with its value of $L$, and a star
# marks the minimum at the origin. Notice also what the arrows do *not* do:
# except on the axes, they do not point at the minimum (nor do their
# opposites). Steepest descent is a local notion, and this will matter in a
# moment.

# %%
plot_contour_gradients(bowl, bowl_grad, xlim=(-3.5, 3.5), ylim=(-2.5, 2.5),
                       levels=[1, 2, 4, 8, 16], minimum=(0, 0))
d2l.plt.show()

# %% [markdown]
# ### 4.4.3 Gradient descent and the learning rate
#
# Gradient descent repeats the step $\mathbf{x} \leftarrow \mathbf{x} - \eta
# \nabla L(\mathbf{x})$, with a learning rate $\eta > 0$. The next helper runs
# it in the plane and returns the whole path, one point per row.

# %%
#@save optimization
def gradient_descent_2d(grad_fn, start, lr, steps):
    """Run gradient descent in the plane and return every point it visits.

    grad_fn: a callable grad_fn(x1, x2) returning the gradient (g1, g2) of the
       function to minimize at one point; it is called with two NumPy floats.
    start: the first point, a pair of finite numbers (x1, x2).
    lr: the learning rate, a positive finite number.
    steps: how many updates x <- x - lr * grad_fn(x) to make, a positive int.

    Returns a float NumPy array of shape (steps + 1, 2) whose row k is the
    point after k steps (row 0 is start). When the iteration diverges, the
    later rows grow without bound and may become inf or nan, silently.

    Defined in notebooks/04_calculus_for_deep_learning.ipynb (4.4.3)."""
    # Check the arguments, and make start a pair of floats:
    start = d2l.optimization.check_descent(grad_fn, start, lr, steps)
    path = np.empty((steps + 1, 2))
    path[0] = start
    with np.errstate(over='ignore', invalid='ignore'):  # divergence is allowed
        for k in range(steps):
            gradient = d2l.plotting.check_point_2d(
                grad_fn(path[k, 0], path[k, 1]), 'grad_fn(x1, x2)')
            path[k + 1] = path[k] - lr * np.array(gradient)
    return path


# %% [markdown]
# And one to draw a path over the contours of the function:

# %%
#@save optimization
def plot_path_2d(f, path, xlim=None, ylim=None, levels=10, xlabel='x1',
                 ylabel='x2', fmt='o-', figsize=(3.5, 2.5), axes=None):
    """Draw a path of points in the plane over the contour lines of f.

    f: a callable f(x1, x2) that works elementwise on NumPy arrays.
    path: the points, an array-like of shape (k, 2) with k >= 1, such as what
       gradient_descent_2d returns; lists, NumPy arrays and tensors work.
    xlim, ylim: the region drawn, each a pair (low, high); None fits the
       finite points of the path with a margin.
    levels: as in `plot_contour_gradients`.
    xlabel, ylabel: axis labels. fmt: the Matplotlib format of the path.
    figsize: (width, height) in inches. axes: draw on these Matplotlib axes,
       cleared first, instead of the current ones. The aspect ratio is set to
       equal, so that the contours are not distorted.

    Defined in notebooks/04_calculus_for_deep_learning.ipynb (4.4.3)."""
    points = d2l.optimization.as_path_2d(path)  # a (k, 2) float array
    xlim, ylim = d2l.optimization.path_limits(points, xlim, ylim)
    d2l.optimization.check_levels(levels)
    X1, X2, Z = d2l.optimization.contour_grid(f, xlim, ylim)
    d2l.set_figsize(figsize)
    if axes is None:
        axes = d2l.plt.gca()
    axes.cla()
    axes.contour(X1, X2, Z, levels=levels, linewidths=0.8)
    axes.plot(points[:, 0], points[:, 1], fmt, color='C3', markersize=3)
    axes.set_xlim(xlim), axes.set_ylim(ylim)
    axes.set_xlabel(xlabel), axes.set_ylabel(ylabel)
    axes.set_aspect('equal')


# %% [markdown]
# On the bowl $L = x_1^2 + 4x_2^2$, one step multiplies each coordinate by a
# fixed factor: $x_1 \leftarrow (1 - 2\eta)\, x_1$ and
# $x_2 \leftarrow (1 - 8\eta)\, x_2$. The steep direction $x_2$ decides the
# fate of the run. While $\eta < 1/8$, both factors lie in $(0, 1)$ and the
# path slides smoothly to the minimum. For $1/8 < \eta < 1/4$, the factor
# $1 - 8\eta$ is negative but larger than $-1$: $x_2$ flips sign every step
# while shrinking, so the path zigzags across the valley and still converges.
# For $\eta > 1/4$ that factor is below $-1$ and the zigzag grows without
# bound. In general, on a quadratic, gradient descent diverges once $\eta$
# exceeds $2 / \lambda_{\max}$, where $\lambda_{\max}$ is the largest
# curvature (here $8$).
#
# We run 20 steps from $(-3, 1.5)$ with $\eta = 0.1$, $0.23$ and $0.27$.

# %%
learning_rates = {0.1: 'converges', 0.23: 'oscillates', 0.27: 'diverges'}
paths = {lr: gradient_descent_2d(bowl_grad, (-3, 1.5), lr, 20)
         for lr in learning_rates}
print(f'loss at the start: {bowl(-3, 1.5):.4f}')
for lr, path in paths.items():
    print(f'lr={lr:<4}  factor on x2: {1 - 8 * lr:+.2f}  '
          f'loss after 20 steps: {bowl(*path[-1]):10.4f}  '
          f'({learning_rates[lr]})')

# %% [markdown]
# The three paths, each over the contours of the loss:

# %%
for lr, path in paths.items():
    plot_path_2d(bowl, path, xlim=(-3.5, 3.5), ylim=(-2.5, 2.5))
    d2l.plt.title(f'lr = {lr}: {learning_rates[lr]}')
    d2l.plt.show()

# %% [markdown]
# The loss along each run tells the same story on a logarithmic scale: a
# straight line down, a slower line down, and a line up.

# %%
steps = np.arange(21)
d2l.plot(steps, [bowl(path[:, 0], path[:, 1]) for path in paths.values()],
         'step', 'loss', legend=[f'lr = {lr}' for lr in paths], yscale='log')

# %% [markdown]
# #### Explore: the learning rate
#
# `draw_descent` runs gradient descent and draws, side by side, the path over
# the contours and the loss at each step (on a log scale). It returns the
# path and the losses. It is two parts, so that the explorer below can draw
# the contours once and redraw only the rest: `descent_panels` draws what
# stays, and `descent_frame` runs the descent and draws what moves. At $\eta = 0.23$ the path zigzags across the valley
# while the loss still falls, and the loss after $k$ steps from $(x_1, x_2)$
# agrees with the closed form $(1 - 2\eta)^{2k} x_1^2 + 4 (1 - 8\eta)^{2k} x_2^2$:

# %%
#@save optimization
def descent_panels(figure, f, xlim, ylim, levels=10, loss_limits=None):
    """Draw what stays of draw_descent's figure on figure: f's contours on the
    left; with loss_limits, the loss panel's axes on the right. Return the axes.

    Defined in notebooks/04_calculus_for_deep_learning.ipynb (4.4.3)."""
    left, right = figure.subplots(1, 2)
    d2l.plot_path_2d(f, [(xlim[0], ylim[0])], xlim, ylim, levels=levels,
                     axes=left)
    left.lines[-1].remove()  # the contours without a path
    if loss_limits is not None:
        (steps_lim, loss_lim), one = loss_limits, loss_limits[1][1]
        d2l.plot([0], [one], 'step', 'loss', xlim=steps_lim, ylim=loss_lim,
                 yscale='log', axes=right)
        right.lines[-1].remove()
        for axes in (left, right):
            axes.set_title(' ', fontsize=9)  # room for the frames' titles
        figure.tight_layout()  # else draw_descent does, once the loss is drawn
    return left, right


# %%
#@save optimization
def descent_frame(panels, f, grad_fn, lr, steps, start, loss_limits=None):
    """Run gradient descent; draw its path on the left and its loss per step on
    the right, with their titles; return (path, losses) as draw_descent does.

    Defined in notebooks/04_calculus_for_deep_learning.ipynb (4.4.3)."""
    left, right = panels
    path = d2l.gradient_descent_2d(grad_fn, start, lr, steps)
    # finite: how many losses come before the first inf
    losses, finite = d2l.optimization.losses_along(f, path)
    shown = losses[:finite]
    left.plot(path[:, 0], path[:, 1], 'o-', color='C3', markersize=3)
    left.set_title(f'lr = {lr:.3g}, {steps} steps', fontsize=9)
    if loss_limits is None:
        d2l.plot(np.arange(finite), shown, 'step', 'loss', xlim=(0, steps),
                 yscale='log' if (shown > 0).all() else 'linear', axes=right)
    else:  # on descent_panels' axes, in d2l.plot's colour for a first curve
        right.plot(np.arange(finite), shown, color='C0')
    if finite == steps + 1:
        title = f'loss after {steps} steps: {losses[-1]:.4g}'
    else:
        title = f'loss is {losses[finite]} from step {finite} on'
    right.set_title(title, fontsize=9)
    return path, losses


# %%
#@save optimization
def draw_descent(f, grad_fn, lr=0.1, steps=20, start=(-3.0, 1.5),
                 xlim=(-3.5, 3.5), ylim=(-2.5, 2.5), levels=10,
                 loss_limits=None):
    """Run gradient descent on f; draw its path over the contours and its loss.

    f: the function minimized, a callable f(x1, x2) that works elementwise on
       NumPy arrays. grad_fn: its gradient, a callable grad_fn(x1, x2)
       returning (g1, g2). lr, steps, start: as in `gradient_descent_2d`.
    xlim, ylim: the region shown on the left, each a pair (low, high); a
       diverging path leaves it. levels: as in `plot_path_2d`.
    loss_limits: ((0, last step), (low, high)) for the loss panel, or None to
       fit this run; an explorer fixes them so that its axes hold still.
    Draws a new figure with two panels: the path, and the loss f along it
    against the step, on a log scale when every loss is positive. A loss that
    overflows to inf or nan ends the curve; the title says from which step.
    Returns (path, losses): the (steps + 1, 2) array of `gradient_descent_2d`
    and the steps + 1 values of f along it.

    Defined in notebooks/04_calculus_for_deep_learning.ipynb (4.4.3)."""
    d2l.optimization.check_callable_2d(f, 'f')
    # Check f, grad_fn, lr, steps and start before drawing anything:
    d2l.optimization.losses_along(
        f, d2l.gradient_descent_2d(grad_fn, start, lr, steps))
    xlim = d2l.plotting.check_limits(xlim, 'xlim')
    ylim = d2l.plotting.check_limits(ylim, 'ylim')
    d2l.optimization.check_levels(levels)
    d2l.use_svg_display()
    figure = d2l.plt.figure(figsize=(7, 2.5))
    panels = descent_panels(figure, f, xlim, ylim, levels, loss_limits)
    path, losses = descent_frame(panels, f, grad_fn, lr, steps, start,
                                 loss_limits)
    if loss_limits is None:
        d2l.plt.tight_layout()  # again, for the loss panel's ticks
    return path, losses


# %%
lr, k = 0.23, 20
path, losses = draw_descent(bowl, bowl_grad, lr=lr, steps=k, start=(-3, 1.5))
closed_form = bowl((1 - 2 * lr) ** k * -3, (1 - 8 * lr) ** k * 1.5)
print(f'{len(path)} points; loss after {k} steps: {losses[-1]:.6f}, '
      f'closed form: {closed_form:.6f}')
assert math.isclose(losses[-1], closed_form, rel_tol=1e-9)
d2l.plt.show()

# %% [markdown]
# With the sliders below, push the learning rate past $1/4$ and the zigzag
# grows instead: the loss curve turns upwards. Below $1/8$ the path stops
# zigzagging and slides down the valley. Moving the start point changes the
# path but not its fate, which $\eta$ alone decides (except from a start
# exactly on the $x_1$-axis, where the steep direction plays no part).
# (Sliders need a running kernel; in a static view of this page only the
# figure above shows. `d2l.explore_descent` wires them to `draw_descent`; it
# lives in the [appendix](90_utilities.ipynb).)

# %% tags=["nbval-ignore-output"]
d2l.explore_descent(bowl, bowl_grad, lr=0.23)

# %% [markdown]
# ### 4.4.4 A zero gradient is not always a minimum
#
# Gradient descent stops where the gradient vanishes, but such a point need
# not be a minimum. The saddle $f(x_1, x_2) = x_1^2 - x_2^2$ has
# $\nabla f = (2x_1, -2x_2)$, which is zero at the origin, yet $f$ rises along
# $x_1$ and falls along $x_2$. The second derivatives (Section 4.6) tell the
# two apart: the Hessian, the matrix of second partial derivatives, has
# eigenvalues of opposite signs.

# %%
def saddle(x1, x2):
    return x1 ** 2 - x2 ** 2


def saddle_grad(x1, x2):
    return 2 * x1, -2 * x2


origin = torch.zeros(2, dtype=torch.float64)
hessian = torch.autograd.functional.hessian(
    lambda p: saddle(p[0], p[1]), origin)
# (+ 0.0 turns the -0.0 that -2 * 0.0 gives into a plain 0.0)
print('gradient at the origin:', [g + 0.0 for g in saddle_grad(0.0, 0.0)])
print('Hessian:', hessian.tolist())
print('eigenvalues:', torch.linalg.eigvalsh(hessian).tolist())
print(f'f(0, 0) = {saddle(0, 0)}, but f(0, 0.1) = {saddle(0, 0.1):.2f}')

# %% [markdown]
# Gradient descent started just off the $x_1$-axis first heads for the
# saddle point, then slides away along $x_2$, to values of $f$ below
# $f(0, 0) = 0$. (Exactly on the axis, it would converge to the saddle.)

# %%
path = gradient_descent_2d(saddle_grad, (3, 0.05), 0.1, 20)
print(f'f at the start: {saddle(*path[0]):.3f}, after 20 steps: '
      f'{saddle(*path[-1]):.3f}')
plot_path_2d(saddle, path, xlim=(-3.5, 3.5), ylim=(-2.5, 2.5))
d2l.plt.show()

# %% [markdown]
# ## 4.5 The multivariate chain rule, by hand and by machine
#
# Consider a small network of functions with four inputs $w, x, y, z$:
#
# $$\begin{aligned}
# a &= (w + x + y + z)^2, & b &= (w + x - y - z)^2,\\
# u &= (a + b)^2, & v &= (a - b)^2,\\
# f &= (u + v)^2.
# \end{aligned}$$
#
# The chain rule says that the derivative of $f$ with respect to $w$ is the
# sum, over every path from $w$ to $f$, of the products of the local
# derivatives along the path:
#
# $$\frac{\partial f}{\partial w} =
# \frac{\partial f}{\partial u}\left(\frac{\partial u}{\partial a}\frac{\partial a}{\partial w}
# + \frac{\partial u}{\partial b}\frac{\partial b}{\partial w}\right)
# + \frac{\partial f}{\partial v}\left(\frac{\partial v}{\partial a}\frac{\partial a}{\partial w}
# + \frac{\partial v}{\partial b}\frac{\partial b}{\partial w}\right).$$
#
# The sums can be grouped in two ways: starting from the input (what does $w$
# do to $a$ and $b$, then to $u$ and $v$, then to $f$?), or starting from the
# output (how sensitive is $f$ to $u$ and $v$, then to $a$ and $b$, then to
# $w$?). Both give the same number; they differ in how much work they do. We
# evaluate at $(w, x, y, z) = (-1, 0, -2, 1)$, first the values.

# %%
w, x, y, z = -1.0, 0.0, -2.0, 1.0
a = (w + x + y + z) ** 2
b = (w + x - y - z) ** 2
u = (a + b) ** 2
v = (a - b) ** 2
f = (u + v) ** 2
print(f'a = {a}, b = {b}, u = {u}, v = {v}, f = {f}')

# %% [markdown]
# To count the work, each local derivative (such as
# $\partial u / \partial a = 2(a + b)$) is evaluated through `local`, and
# each multiplication of two derivatives goes through `times`.

# %%
class Tally:
    """Counts local derivatives evaluated and products of derivatives taken."""

    def __init__(self):
        self.locals, self.products = 0, 0

    def local(self, value):
        self.locals += 1
        return value

    def times(self, p, q):
        self.products += 1
        return p * q


# The sign of each input inside a = (w+x+y+z)^2 and b = (w+x-y-z)^2.
signs_in_a = {'w': 1, 'x': 1, 'y': 1, 'z': 1}
signs_in_b = {'w': 1, 'x': 1, 'y': -1, 'z': -1}

# %% [markdown]
# **Input to output** (forward order). Start from how $a$ and $b$ change with
# $w$, carry that forward to $u$ and $v$, then to $f$:

# %%
def forward_order(name, t, show=False):
    """df/d(name), carried from the input towards the output."""
    da = t.local(2 * (w + x + y + z) * signs_in_a[name])   # da/d(name)
    db = t.local(2 * (w + x - y - z) * signs_in_b[name])   # db/d(name)
    du = t.times(t.local(2 * (a + b)), da) + t.times(t.local(2 * (a + b)), db)
    dv = t.times(t.local(2 * (a - b)), da) + t.times(t.local(-2 * (a - b)), db)
    df = t.times(t.local(2 * (u + v)), du) + t.times(t.local(2 * (u + v)), dv)
    if show:
        print(f'da/d{name} = {da}, db/d{name} = {db}, du/d{name} = {du}, '
              f'dv/d{name} = {dv}, df/d{name} = {df}')
    return df


one_input = Tally()
forward_order('w', one_input, show=True)
print(f'{one_input.locals} local derivatives, '
      f'{one_input.products} multiplications')

# %% [markdown]
# To get all four partial derivatives this way, we must repeat the whole
# pass for each input: the upper part of the graph ($u$, $v$, $f$) is
# processed four times.

# %%
forward_all = Tally()
print({name: forward_order(name, forward_all) for name in 'wxyz'})
print(f'{forward_all.locals} local derivatives, {forward_all.products} '
      f'multiplications')

# %% [markdown]
# **Output to input** (backward order, that is, backpropagation). Start from
# the sensitivity of $f$ to its own inputs $u$ and $v$, and push it down the
# graph, one layer at a time: $\frac{\partial f}{\partial a} =
# \frac{\partial f}{\partial u}\frac{\partial u}{\partial a} +
# \frac{\partial f}{\partial v}\frac{\partial v}{\partial a}$, and so on. The
# sensitivities $\partial f / \partial a$ and $\partial f / \partial b$ are
# computed once and shared by all four inputs.

# %%
backward = Tally()
local, times = backward.local, backward.times
f_u = local(2 * (u + v))
f_v = local(2 * (u + v))
f_a = times(f_u, local(2 * (a + b))) + times(f_v, local(2 * (a - b)))
f_b = times(f_u, local(2 * (a + b))) + times(f_v, local(-2 * (a - b)))
print(f'df/du = {f_u}, df/dv = {f_v}, df/da = {f_a}, df/db = {f_b}')
by_hand = {}
for name in 'wxyz':
    a_in = local(2 * (w + x + y + z) * signs_in_a[name])   # da/d(name)
    b_in = local(2 * (w + x - y - z) * signs_in_b[name])   # db/d(name)
    by_hand[name] = times(f_a, a_in) + times(f_b, b_in)
print(by_hand)
print(f'{backward.locals} local derivatives, '
      f'{backward.products} multiplications')

# %% [markdown]
# The work, side by side:

# %%
print(f'{"order":30s} {"partials":>8s} {"local derivs":>12s} {"products":>9s}')
for label, tally, count in [('input to output, df/dw only', one_input, 1),
                            ('input to output, all four', forward_all, 4),
                            ('output to input (backprop)', backward, 4)]:
    print(f'{label:30s} {count:8d} {tally.locals:12d} {tally.products:9d}')

# %% [markdown]
# Backward order delivered all four partial derivatives for twice the
# multiplications of a single forward pass, and half those of four. Where does
# the saving come from? A forward pass yields the derivative with respect to
# *one* input, so the input-to-output order repeats, once for every input, the
# work on the part of the graph that all inputs share: the four products above
# $a$ and $b$. One backward pass yields the derivative of *one* output with
# respect to every input, and does the shared part once. In this small graph
# the shared part is modest next to the edges each input owns, so even with
# many inputs the saving stays a constant factor (exercise 4 asks you to count
# both orders for $n$ inputs). In a network the shared part is nearly all
# of it: every parameter reaches the single scalar loss through all the layers
# above it, so the input-to-output order costs about one pass through the
# network *per parameter*, while one backward pass serves all of them. The
# more inputs share one graph, the larger the advantage, and a network has
# millions of parameters: that is why training uses backpropagation.
#
# Finally, by machine: autograd records the same graph and runs the backward
# order for us.

# %%
inputs = torch.tensor([w, x, y, z], requires_grad=True)
tw, tx, ty, tz = inputs
ta = (tw + tx + ty + tz) ** 2
tb = (tw + tx - ty - tz) ** 2
tf = ((ta + tb) ** 2 + (ta - tb) ** 2) ** 2
tf.backward()
print(f'f = {tf.item()}, gradient = {inputs.grad.tolist()}')
assert (inputs.grad.tolist() == [by_hand[name] for name in 'wxyz']
        == [-4096.0] * 4)

# %% [markdown]
# ## 4.6 Higher-order derivatives
#
# ### 4.6.1 Taylor polynomials
#
# The linear approximation matches a function's value and slope at a point.
# Matching more derivatives gives better approximations: the Taylor
# polynomial of order $n$ around $0$ is
#
# $$P_n(x) = \sum_{k=0}^{n} \frac{f^{(k)}(0)}{k!}\, x^k.$$
#
# For $f(x) = e^x$ every derivative is $e^x$, equal to $1$ at $0$, so the
# coefficients are $1/k!$. Autograd can differentiate its own output if we ask
# it to keep the graph of the derivative (`create_graph=True`); repeating that
# recovers the coefficients.

# %%
x = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
derivative = torch.exp(x)
coefficients = [derivative.item()]
for k in range(1, 5):
    derivative, = torch.autograd.grad(derivative, x, create_graph=True)
    coefficients.append(derivative.item() / math.factorial(k))
print('coefficients by autograd:', np.round(coefficients, 6).tolist())
print('1/k!:                    ',
      [round(1 / math.factorial(k), 6) for k in range(5)])
assert np.allclose(coefficients, [1 / math.factorial(k) for k in range(5)])

# %% [markdown]
# Each added term hugs $e^x$ over a wider range around $0$:

# %%
x = np.linspace(-3, 3, 121)
taylor = [sum(coefficients[k] * x ** k for k in range(n + 1))
          for n in range(1, 5)]
d2l.plot(x, [np.exp(x)] + taylor, 'x', 'y', ylim=(-3, 12),
         legend=['exp(x)'] + [f'order {n}' for n in range(1, 5)],
         fmts=('k-', 'm--', 'g-.', 'r:', 'b--'))

# %% [markdown]
# #### Explore: Taylor polynomials anywhere
#
# Nothing ties the expansion to $0$: around any point $x_0$,
# $P_n(x) = \sum_{k=0}^{n} \frac{f^{(k)}(x_0)}{k!} (x - x_0)^k$.
# `draw_taylor_polynomial` finds the derivatives at $x_0$ by repeated
# autograd, as above, draws $P_n$ and returns the coefficients
# $f^{(k)}(x_0)/k!$. `draw_taylor` draws $f$ first (with `d2l.draw_function`)
# and $P_n$ over it. The two parts are apart so that the explorer below can
# draw $f$ once and only $P_n$ as its sliders move. For $\sin$ around $0$ the
# coefficients are $0, 1, 0, -\frac{1}{3!}, 0, \frac{1}{5!}, \ldots$:

# %%
#@save taylor
def draw_taylor_polynomial(axes, xs, f, order, x0):
    """Draw f's Taylor polynomial of the given order around x0 at the points xs,
    over f as `draw_function` drew it on axes; return its coefficients.

    Defined in notebooks/04_calculus_for_deep_learning.ipynb (4.6.1)."""
    # By repeated autograd, as above:
    coefficients = d2l.taylor.taylor_coefficients(f, x0, order)
    polynomial = np.polyval(coefficients[::-1], xs.numpy() - x0)
    name = getattr(f, '__name__', '')
    axes.plot(xs, polynomial, 'm--')
    label = f'{name}(x)' if name.isidentifier() else 'f(x)'
    axes.legend([label, f'order {order}'])
    axes.plot([x0], [coefficients[0]], 'ko', markersize=3)
    axes.set_title(f'Taylor polynomial around x0 = {x0:.3g}', fontsize=9)
    return coefficients


# %%
#@save taylor
def draw_taylor(f, order=3, x0=0.0, xlim=(-6.0, 6.0), ylim=None, axes=None):
    """Draw f and its Taylor polynomial of the given order around x0.

    f: a function of one variable written with torch operations, such as
       torch.sin or `lambda x: torch.exp(-x ** 2)`.
    order: the highest power n, an int >= 0. x0: the expansion point, a number.
    xlim: the interval drawn, (low, high). ylim: (low, high), or None for the
       range of f over xlim with a margin. axes: as in `plot`.
    Returns [f(x0), f'(x0), f''(x0)/2!, ..., f^(n)(x0)/n!], the derivatives
    computed by autograd.

    Defined in notebooks/04_calculus_for_deep_learning.ipynb (4.6.1)."""
    xlim, ylim = d2l.taylor.check_taylor(f, order, x0, xlim, ylim)
    # Fail here for an f that autograd cannot use:
    d2l.taylor.taylor_coefficients(f, x0, 0)
    if ylim is None:
        ylim = d2l.plotting.function_ylim(f, xlim)
    axes, xs = d2l.draw_function(f, xlim, ylim, ylabel='y', points=121,
                                 axes=axes)
    return draw_taylor_polynomial(axes, xs, f, order, x0)


# %%
coefficients = draw_taylor(torch.sin, order=5, x0=0.0)
expected = [0, 1, 0, -1 / 6, 0, 1 / 120]
print('by autograd:', np.round(coefficients, 6).tolist())
print('expected:   ', np.round(expected, 6).tolist())
assert np.allclose(coefficients, expected)
d2l.plt.show()

# %% [markdown]
# Raise the order and the polynomial follows $\sin$ over a wider stretch;
# move $x_0$ and the region of agreement moves with it. Even orders add
# nothing around $0$ (the even coefficients of $\sin$ vanish there), but they
# do elsewhere. (`d2l.explore_taylor`, in the [appendix](90_utilities.ipynb),
# puts sliders over `draw_taylor`.)

# %% tags=["nbval-ignore-output"]
d2l.explore_taylor(torch.sin, order=5)

# %% [markdown]
# ### 4.6.2 Second derivatives with autograd
#
# The same trick gives second derivatives on a whole grid. For
# $f(x) = x^3 - \sin x$, we expect $f''(x) = 6x + \sin x$.

# %%
x = torch.linspace(-2, 2, 41, dtype=torch.float64, requires_grad=True)
first, = torch.autograd.grad((x ** 3 - torch.sin(x)).sum(), x,
                             create_graph=True)
second, = torch.autograd.grad(first.sum(), x)
gap = (second - (6 * x + torch.sin(x))).abs().max().item()
print(f'largest gap between autograd and 6x + sin x: {gap:.1e}')
assert torch.allclose(second, 6 * x + torch.sin(x))

# %% [markdown]
# With several inputs, the second derivatives form the Hessian matrix
# $\mathbf{H}_{ij} = \partial^2 f / \partial x_i \partial x_j$. For the
# quadratic form $f(\mathbf{x}) = \mathbf{x}^\top \mathbf{A} \mathbf{x}$, the
# gradient is $(\mathbf{A} + \mathbf{A}^\top)\mathbf{x}$, so the Hessian is the
# constant matrix $\mathbf{A} + \mathbf{A}^\top$, whether or not $\mathbf{A}$
# is symmetric. `torch.autograd.functional.hessian` agrees at a random point:

# %%
torch.manual_seed(1)  # the same A and point on every run
A = torch.randn(3, 3, dtype=torch.float64)
point = torch.randn(3, dtype=torch.float64)
H = torch.autograd.functional.hessian(lambda x: x @ A @ x, point)
print('Hessian by autograd:\n', H.numpy().round(4))
print('A + A^T:\n', (A + A.T).numpy().round(4))
assert torch.allclose(H, A + A.T)

# %% [markdown]
# ### 4.6.3 Quadratic approximation
#
# Keeping the second-order term gives the quadratic approximation
#
# $$f(x + \epsilon) \approx f(x) + \epsilon f'(x) + \frac{\epsilon^2}{2} f''(x),$$
#
# which explains the $\epsilon^2$ error of the linear approximation in
# Section 4.2. A quadratic with $f''(x) > 0$ has a minimum, at
# $\epsilon = -f'(x) / f''(x)$; jumping there is *Newton's method*. Take
# $f(x) = e^x - 2x$, whose minimum is at $\ln 2$, around $x_0 = 1.5$:

# %%
x0 = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
f0 = torch.exp(x0) - 2 * x0
d1, = torch.autograd.grad(f0, x0, create_graph=True)
d2, = torch.autograd.grad(d1, x0)
f0, d1, d2 = f0.item(), d1.item(), d2.item()
newton = 1.5 - d1 / d2
print(f"f(1.5) = {f0:.4f}, f'(1.5) = {d1:.4f}, f''(1.5) = {d2:.4f}")
print(f'minimum of the quadratic: {newton:.4f}  (true minimum ln 2 = '
      f'{math.log(2):.4f})')
# By hand: x0 - (e^x0 - 2) / e^x0 = x0 - 1 + 2 e^(-x0)
assert math.isclose(newton, 1.5 - 1 + 2 * math.exp(-1.5))
assert abs(newton - math.log(2)) < abs(1.5 - math.log(2)) / 3

# %%
def quadratic(x):
    return f0 + (x - 1.5) * d1 + (x - 1.5) ** 2 * d2 / 2


x = np.linspace(-0.5, 3, 71)
d2l.plot(x, [np.exp(x) - 2 * x, f0 + (x - 1.5) * d1, quadratic(x)], 'x', 'y',
         ylim=(-1, 8))
axes = d2l.plt.gca()
axes.plot([1.5], [f0], 'ko', markersize=5)
axes.plot([newton], [quadratic(newton)], 'rs', markersize=5)
axes.legend(['f(x)', 'linear', 'quadratic', 'x₀ = 1.5', 'Newton point'],
            loc='center left', bbox_to_anchor=(1.02, 0.5))
d2l.plt.show()

# %%
for x_test in [1.0, 2.0, -0.5, 3.0]:
    gap = quadratic(x_test) - (math.exp(x_test) - 2 * x_test)
    print(f'x = {x_test:4.1f}: quadratic minus f = {gap:+.3f}')

# %% [markdown]
# The quadratic hugs the curve only near $x_0$: half a unit away it is off by
# about $0.1$ ($+0.083$ at $x = 1$, $-0.106$ at $x = 2$), but to the left, where $e^x$ flattens out, it climbs far
# above $f$ (by about $3.9$ at $x = -0.5$), and to the right, where $e^x$
# grows faster than any parabola, it falls behind (by about $3.8$ at $x = 3$).
# Even so, its minimum, the Newton point $x_0 - f'(x_0)/f''(x_0) \approx
# 0.946$, lands much closer to the true minimum $\ln 2 \approx 0.693$ than
# $x_0 = 1.5$ was; repeating the step from there is Newton's method.
#
# ## 4.7 Integral calculus
#
# ### 4.7.1 Riemann sums
#
# The integral $\int_a^b f(x)\,dx$ is the signed area under $f$. Cut $[a, b]$
# into $n$ strips of width $\Delta = (b - a)/n$ and add up rectangles: with
# heights taken at the left end of each strip we get the left Riemann sum,
# with heights at the middle the midpoint sum. Here are the eight left
# rectangles for $\int_0^1 e^x\,dx = e - 1$:

# %%
d2l.use_svg_display()
d2l.set_figsize()
n = 8
left_ends = np.arange(n) / n
x = np.linspace(0, 1, 101)
d2l.plt.bar(left_ends, np.exp(left_ends), width=1 / n, align='edge', alpha=0.4,
            edgecolor='k', label='left rectangles')
d2l.plt.plot(x, np.exp(x), 'C3-', label='exp(x)')
d2l.plt.xlabel('x'), d2l.plt.ylabel('y'), d2l.plt.legend()
d2l.plt.show()

# %% [markdown]
# For an increasing function the left rectangles miss a small triangle-like
# piece in each strip, so the left sum errs by about $\frac{\Delta}{2}(f(b) -
# f(a))$, proportional to $1/n$. The midpoint sum cancels that first-order
# error and is off by $O(1/n^2)$. On log–log axes the errors fall on
# straight lines of slope $-1$ and $-2$:

# %%
def left_sum(f, a, b, n):
    return f(a + (b - a) * np.arange(n) / n).sum() * (b - a) / n


def midpoint_sum(f, a, b, n):
    return f(a + (b - a) * (np.arange(n) + 0.5) / n).sum() * (b - a) / n


ns = 2 ** np.arange(1, 13)
exact = math.e - 1
left_errors = np.array([abs(left_sum(np.exp, 0, 1, n) - exact) for n in ns])
mid_errors = np.array([abs(midpoint_sum(np.exp, 0, 1, n) - exact) for n in ns])
for label, errors in [('left', left_errors), ('midpoint', mid_errors)]:
    slope = np.polyfit(np.log(ns), np.log(errors), 1)[0]
    print(f'{label:8s} n=4096 error {errors[-1]:.2e}, slope on log-log axes '
          f'{slope:.2f}')
d2l.plot(ns, [left_errors, mid_errors], 'n', 'error',
         xscale='log', yscale='log', legend=['left sum', 'midpoint sum'])

# %% [markdown]
# ### 4.7.2 The fundamental theorem of calculus
#
# Differentiation and integration undo each other: if
# $F(x) = \int_0^x f(t)\,dt$, then $F'(x) = f(x)$. Equivalently, for *any*
# antiderivative $G$ of $f$ (any $G$ with $G' = f$), the area is
# $\int_0^x f(t)\,dt = G(x) - G(0)$. We check this on
# $f(t) = t\,e^{-t}\cos 3t$ over $[0, 4]$ with two routes that share nothing:
# SymPy finds an antiderivative $G$ (and we confirm $G' = f$ by
# differentiating it symbolically), while the area is accumulated numerically
# from the definition of the integral, strip by strip (trapezoids of width
# $\Delta$), without any formula.

# %%
s = sympy.Symbol('t')
f_symbolic = s * sympy.exp(-s) * sympy.cos(3 * s)
G_symbolic = sympy.integrate(f_symbolic, s)
assert sympy.simplify(sympy.diff(G_symbolic, s) - f_symbolic) == 0  # G' = f
print('G(t) =', sympy.simplify(G_symbolic))
G = sympy.lambdify(s, G_symbolic, 'numpy')

# %%
def f(t):
    return t * np.exp(-t) * np.cos(3 * t)


gaps = []
for n in [400, 4000]:
    t = np.linspace(0, 4, n + 1)
    dt = t[1] - t[0]
    area = np.concatenate([[0.0], np.cumsum((f(t[1:]) + f(t[:-1])) / 2 * dt)])
    gaps.append(np.abs(area - (G(t) - G(0))).max())
    print(f'strip width {dt:.0e}: largest gap between the area and '
          f'G(x) - G(0) is {gaps[-1]:.1e}')
# shrinks like the strip width squared
assert gaps[-1] < 1e-6 and 80 < gaps[0] / gaps[-1] < 120

# %% [markdown]
# The area under $f$ from 0 to $x$ matches $G(x) - G(0)$ at every $x$ on the
# grid, up to the trapezoids' error, which falls a hundredfold when the strips
# get ten times thinner: the accumulated area is an antiderivative of $f$.

# %% [markdown]
# ### 4.7.3 A double integral
#
# Integrals over regions of the plane are computed the same way, with small
# squares instead of strips. A classic result is
#
# $$\iint_{\mathbb{R}^2} e^{-(x^2 + y^2)}\,dx\,dy = \pi,$$
#
# which follows in polar coordinates, where $dx\,dy = r\,dr\,d\theta$:
# $\int_0^{2\pi}\int_0^\infty e^{-r^2} r\,dr\,d\theta = 2\pi \cdot \frac12$.
# Numerically, the integrand is below $e^{-36} \approx 2 \times 10^{-16}$
# outside the square $[-6, 6]^2$, so a midpoint sum over that square does it:

# %%
n = 600
centers = -6 + 12 * (np.arange(n) + 0.5) / n
X, Y = np.meshgrid(centers, centers)
double_integral = np.exp(-(X ** 2 + Y ** 2)).sum() * (12 / n) ** 2
print(f'midpoint sum: {double_integral:.10f}')
print(f'pi:           {math.pi:.10f}')
assert abs(double_integral - math.pi) < 1e-9

# %% [markdown]
# Since $e^{-(x^2+y^2)} = e^{-x^2} e^{-y^2}$, the double integral is the
# square of $\int_{-\infty}^{\infty} e^{-x^2}\,dx$, which is therefore
# $\sqrt{\pi}$. That is the normalizing constant of the density proportional
# to $e^{-x^2}$ (a Gaussian with variance $\tfrac12$). Substituting
# $x = t/\sqrt{2}$ turns it into $\int e^{-t^2/2}\,dt = \sqrt{2}\,\sqrt{\pi}
# = \sqrt{2\pi}$, the constant in the standard normal density
# $e^{-t^2/2}/\sqrt{2\pi}$.
#
# ## 4.8 Exercises
#
# Worked and checked solutions are in
# [solutions/04_calculus_for_deep_learning_solutions.ipynb](solutions/04_calculus_for_deep_learning_solutions.ipynb).
#
# Under each exercise is an answer cell. Replace `None` with your answer and run
# the cell: the check says whether the answer is right and, if it is not, what
# looks wrong, without giving the answer away. Stuck? `d2l.exercise("04_calculus_for_deep_learning", 1).hint()`
# gives a nudge (call it again for more), and `.solution()` shows the worked
# solution. [Exercise checks](92_utilities_exercises.ipynb) explains how the
# checks work.

# %% [markdown]
# 1. Use the linear approximation of $f(x) = \sqrt{x}$ at $x = 4$ to estimate
#    $\sqrt{4.1}$. How large is the error, and how does it change when the
#    step $0.1$ is halved?

# %%
# Your answer: replace None with a number: the estimate of sqrt(4.1) from the
# linear approximation at x = 4.
answer = None
d2l.exercise("04_calculus_for_deep_learning", 1).check(answer)

# %% [markdown]
# 2. Compute by hand the gradient of $f(x, y) = x^2 y + \sin(xy)$, and check
#    it with autograd on a grid of points.

# %%
# Your answer: replace None with a function of (x, y) returning the pair (df/dx,
# df/dy), or a pair of SymPy expressions or strings in x, y.
answer = None
d2l.exercise("04_calculus_for_deep_learning", 2).check(answer)

# %% [markdown]
# 3. Gradient descent is run on $f(\mathbf{x}) = \frac12 \mathbf{x}^\top
#    \mathbf{H} \mathbf{x}$ with $\mathbf{H} = \begin{pmatrix} 3 & 1 \\ 1 & 3
#    \end{pmatrix}$. For which learning rates does it converge from every
#    starting point? Which rate converges fastest?

# %%
# Your answer: replace None with a pair of numbers: (the learning rate below
# which gradient descent converges from every start, the learning rate that
# converges fastest).
answer = None
d2l.exercise("04_calculus_for_deep_learning", 3).check(answer)

# %% [markdown]
# 4. Generalize the example of Section 4.5: $n$ inputs $x_1, \ldots, x_n$ feed
#    $a = (\sum_i x_i)^2$ and $b = (\sum_i s_i x_i)^2$ with signs
#    $s_i = \pm 1$, and $u, v, f$ are as before. Counting as in
#    Section 4.5, how many multiplications does the input-to-output order need
#    for the full gradient, and how many does backpropagation need?

# %%
# Your answer: replace None with a pair of functions of n (or SymPy expressions
# or strings in n): the number of multiplications (input to output, output to
# input).
answer = None
d2l.exercise("04_calculus_for_deep_learning", 4).check(answer)

# %% [markdown]
# 5. Find the coefficient of $x^3$ in the Taylor polynomial of $\tan x$
#    around $0$.

# %%
# Your answer: replace None with a number (a fraction such as "2/7" or
# Fraction(2, 7) is fine).
answer = None
d2l.exercise("04_calculus_for_deep_learning", 5).check(answer)

# %% [markdown]
# 6. Show that the left Riemann sum of $\int_0^1 x^2\,dx$ with $n$ strips
#    errs by exactly $\frac{1}{2n} - \frac{1}{6n^2}$. At what rate does the
#    error shrink?

# %%
# Your answer: replace None with a pair (S_n, p): the step, the left Riemann sum
# S_n of x^2 on [0, 1] in closed form (a function of n, or a SymPy expression or
# string in n); and the rate, the power p such that the error shrinks like
# 1/n^p.
answer = None
d2l.exercise("04_calculus_for_deep_learning", 6).check(answer)

# %% [markdown]
# 7. Find and classify the points where the gradient of
#    $f(x, y) = x^3 - 3x + y^2$ vanishes.

# %%
# Your answer: replace None with a dict from each critical point (x, y) to
# "minimum", "maximum" or "saddle", e.g. {(0, 0): "saddle"}.
answer = None
d2l.exercise("04_calculus_for_deep_learning", 7).check(answer)

# %% [markdown]
# 8. Compute $\frac{d}{dx} \int_0^{x^2} \sin t\,dt$.

# %%
# Your answer: replace None with a function of x (torch operations) or a SymPy
# expression or string in x.
answer = None
d2l.exercise("04_calculus_for_deep_learning", 8).check(answer)

# %%
# Which exercises of this chapter are answered right in this kernel (run it
# again after answering some)
d2l.progress("04_calculus_for_deep_learning")

# %% [markdown]
# ## 4.9 Summary
#
# - Near a point, a function is its tangent: $f(x + \epsilon) \approx f(x) +
#   \epsilon f'(x)$, or $L(\mathbf{x}) + \boldsymbol{\epsilon} \cdot \nabla
#   L(\mathbf{x})$ in many variables, with an error of order $\epsilon^2$.
# - $-\nabla L$ is the direction of steepest descent, perpendicular to the
#   contours. Gradient descent follows it; the learning rate decides between
#   converging, oscillating and diverging, and a zero gradient can be a saddle.
# - Backpropagation is the chain rule evaluated from the output towards the
#   inputs, which shares the work that the input-to-output order repeats for
#   every input.
# - Second derivatives give the quadratic approximation, the Hessian and
#   Newton's step; integrals are limits of sums, and the fundamental theorem
#   ties them to antiderivatives.
#
# ---
#
# [Contents](00_index.ipynb) ·
# Previous: [Autodiff from scratch](03_autodiff_from_scratch.ipynb) ·
# [Solutions to the exercises](solutions/04_calculus_for_deep_learning_solutions.ipynb) ·
# Appendix: [Utility functions and classes](90_utilities.ipynb)
