"""Reference values for ExposureWeb.Risk.Tests, computed with mpmath at 50 significant digits.

normal_cdf_mpmath.csv: x, Phi(x), Phi(-x), phi(x) for x across the body and both tails (|x| up to 38).
bsm_mpmath.csv: Black-Scholes-Merton price and Greeks (vega per 1.00 vol, theta per year as dV/dt
with calendar time, rho per 1.00 rate) for random and extreme inputs, including far-tail options.

Inputs are written with repr() (round-trip doubles) and evaluated exactly as those doubles.
Run: python3 generate_mpmath.py   (mpmath 1.3)
"""
import csv
import random
import mpmath as mp

mp.mp.dps = 50


def phi(x):
    return mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)


def cdf(x):
    return mp.ncdf(x)


def write_normal():
    xs = [0.0, 1e-300, 1e-20, 1e-8, 0.1, 0.5, 0.66, 0.66291, 0.6630, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 5.65, 5.6568542, 5.66, 6.0,
          7.0, 8.0, 8.5, 9.0, 10.0, 12.0, 15.0, 20.0, 25.0, 30.0, 33.0, 35.0, 36.0, 37.0, 37.5]
    rng = random.Random(20240601)
    xs += [rng.uniform(0, 38) for _ in range(150)]
    xs += [rng.uniform(0, 1) for _ in range(40)]
    rows = sorted(set(xs) | set(-x for x in xs))
    with open('normal_cdf_mpmath.csv', 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['x', 'cdf', 'complement', 'pdf'])
        for x in rows:
            X = mp.mpf(x)
            w.writerow([repr(x), mp.nstr(cdf(X), 25), mp.nstr(cdf(-X), 25), mp.nstr(phi(X), 25)])


def bsm(S, K, T, r, q, s, call):
    S, K, T, r, q, s = map(mp.mpf, (S, K, T, r, q, s))
    w = 1 if call else -1
    sq = mp.sqrt(T)
    v = s * sq
    d1 = (mp.log(S / K) + (r - q) * T) / v + v / 2
    d2 = d1 - v
    dq, dr = mp.exp(-q * T), mp.exp(-r * T)
    price = w * (S * dq * cdf(w * d1) - K * dr * cdf(w * d2))
    delta = w * dq * cdf(w * d1)
    gamma = dq * phi(d1) / (S * v)
    vega = S * dq * phi(d1) * sq
    theta = -S * dq * phi(d1) * s / (2 * sq) - w * r * K * dr * cdf(w * d2) + w * q * S * dq * cdf(w * d1)
    rho = w * K * T * dr * cdf(w * d2)
    return price, delta, gamma, vega, theta, rho


def write_bsm():
    rng = random.Random(7)
    rows = [(100.0, 100.0, 1.0, 0.05, 0.0, 0.2, 'C'), (100.0, 100.0, 1.0, 0.05, 0.0, 0.2, 'P')]
    for _ in range(300):
        S = 10 ** rng.uniform(-1, 5)
        K = S * 10 ** rng.uniform(-0.7, 0.7)
        rows.append((S, K, rng.uniform(1 / 365, 3), rng.uniform(-0.01, 0.1), rng.uniform(-0.02, 0.1),
                     rng.uniform(0.05, 2.5), rng.choice('CP')))
    # far tails: |d| from 8 to ~37 on both sides
    for _ in range(100):
        S = 10 ** rng.uniform(0, 5)
        T = rng.uniform(1 / 365, 1)
        s = rng.uniform(0.05, 1)
        d = rng.uniform(8, 37) * rng.choice([-1, 1])
        K = S * float(mp.exp(-d * s * mp.sqrt(T)))
        rows.append((S, K, T, rng.uniform(0, 0.08), rng.uniform(0, 0.05), s, rng.choice('CP')))
    with open('bsm_mpmath.csv', 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['spot', 'strike', 'years', 'rate', 'carry', 'vol', 'type', 'price', 'delta', 'gamma', 'vega', 'theta', 'rho'])
        for S, K, T, r, q, s, t in rows:
            vals = bsm(S, K, T, r, q, s, t == 'C')
            w.writerow([repr(S), repr(K), repr(T), repr(r), repr(q), repr(s), t] + [mp.nstr(x, 25) for x in vals])


write_normal()
write_bsm()
