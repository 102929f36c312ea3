# The scikit-learn / numpy side of bench/peer.mjs: loads the same data from
# the files the Node side wrote, then times one run of a kernel per request
# read from stdin ("<kernel>\n"), answering "<wall seconds> <CPU seconds>\n". Run it with one
# BLAS thread (the Node side sets OPENBLAS_NUM_THREADS=1 and friends).
import sys, time, warnings
import numpy as np
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.neural_network import MLPRegressor
from sklearn.exceptions import ConvergenceWarning

warnings.filterwarnings("ignore", category=ConvergenceWarning)
d = sys.argv[1]
load = lambda name, cols: np.fromfile(f"{d}/{name}.f64", dtype="<f8").reshape(-1, cols) if cols else np.fromfile(f"{d}/{name}.f64", dtype="<f8")

A = load("gemmA", 500); B = load("gemmB", 500)
Xf = load("forwardX", 32)
mlp = MLPRegressor(hidden_layer_sizes=(128, 128), max_iter=1, random_state=0).fit(Xf[:1000], Xf[:1000, 0])
Xl = load("logisticX", 30); yl = load("logisticY", 0)
Xe = load("epochX", 32); ye = load("epochY", 0)
Xr = load("ridgeX", 100); yr = load("ridgeY", 0)

def run(kernel):
    if kernel == "gemm":
        return A @ B
    if kernel == "forward":
        return mlp.predict(Xf)
    if kernel == "logistic":
        return LogisticRegression(solver="lbfgs").fit(Xl, yl)
    if kernel == "epoch":
        return MLPRegressor(hidden_layer_sizes=(64,), solver="adam", batch_size=200, max_iter=1, alpha=0.0001, random_state=0).fit(Xe, ye)
    if kernel == "ridge":
        return Ridge(alpha=1.0).fit(Xr, yr)
    raise ValueError(kernel)

print("ready", flush=True)
for line in sys.stdin:
    kernel = line.strip()
    if not kernel:
        continue
    t = time.perf_counter()
    c = time.process_time()
    run(kernel)
    print(f"{time.perf_counter() - t} {time.process_time() - c}", flush=True)
