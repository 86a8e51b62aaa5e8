"""numba baseline for exercise Q1 (the bull/bear/stagnant market chain): `python3 markov.py [ndays] [runs]`.

result: the fraction of days spent in each state, which converges to the stationary distribution (5/8, 5/16, 1/16).
"""
import random
import sys

import numpy as np
from numba import njit

from _timing import emit, measure

# Wikipedia's figure: rows are today's state (bull, bear, stagnant), columns tomorrow's.
P = np.array([[0.9, 0.075, 0.025],
              [0.15, 0.8, 0.05],
              [0.25, 0.25, 0.5]])


def markov(P, ndays):
  nstates = len(P)
  state = random.randrange(nstates)
  days = np.zeros(nstates)
  for day in range(ndays):
    days[state] += 1
    r = random.random()
    cum = 0.
    nxt = nstates - 1
    for j in range(nstates):
      cum += P[state][j]
      if r < cum:
        nxt = j
        break
    state = nxt
  return days / ndays


@njit
def seed(n):
    random.seed(n)


if __name__ == '__main__':
    ndays = int(float(sys.argv[1])) if len(sys.argv) > 1 else 10_000_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    seed(42)
    c_markov = njit(markov)
    record = measure(c_markov, (P, ndays), runs, small_args=(P, 1000))
    record['result'] = record['result'].tolist()
    record['ndays'] = ndays
    emit(record)
