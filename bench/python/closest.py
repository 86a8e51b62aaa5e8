"""numba baseline for the lecture's closest pair: `python3 closest.py [npoints] [runs]`."""
import math
import sys

import numpy as np
from numba import njit

from _timing import emit, measure


def closest(points):
  '''Find the two closest points in an array of points in 2D.
  Returns the two points, and the distance between them'''
  mindist2 = 999999.
  mdp1, mdp2 = None, None
  for i in range(len(points)):
    p1 = points[i]
    x1, y1 = p1
    for j in range(i+1, len(points)):
      p2 = points[j]
      x2, y2 = p2
      dist2 = (x1-x2)**2 + (y1-y2)**2
      if dist2 < mindist2:
        mindist2 = dist2
        mdp1,mdp2 = p1,p2
  return mdp1, mdp2, math.sqrt(mindist2)


if __name__ == '__main__':
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 2000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    points = np.random.default_rng(42).uniform((-1, -1), (1, 1), (n, 2))
    c_closest = njit(closest)
    record = measure(c_closest, (points,), runs, small_args=(points[:10].copy(),))
    p1, p2, d = record['result']
    record['result'] = [p1.tolist(), p2.tolist(), float(d)]
    record['n'] = n
    emit(record)
