// The lecture's three functions, written as literal ports of the Python (shared by the JIT's unit tests).

export function std(xs: Float64Array) { let mean = 0; for (const x of xs) mean += x; mean /= xs.length; let ms = 0; for (const x of xs) ms += (x - mean) ** 2; const variance = ms / xs.length; return Math.sqrt(variance); }

export function pi(npoints: number) { let n = 0; for (let i = 0; i < npoints; i++) { const x = Math.random(); const y = Math.random(); if (x ** 2 + y ** 2 < 1) n += 1; } return 4 * n / npoints; }

export function closest(points: number[][]) { let mindist2 = 999999.; let mdp1 = null, mdp2 = null; for (let i = 0; i < points.length; i++) { const p1 = points[i]!; const [x1, y1] = p1; for (let j = i + 1; j < points.length; j++) { const p2 = points[j]!; const [x2, y2] = p2; const dist2 = (x1! - x2!) ** 2 + (y1! - y2!) ** 2; if (dist2 < mindist2) { mindist2 = dist2; mdp1 = p1; mdp2 = p2; } } } return [mdp1, mdp2, Math.sqrt(mindist2)]; }

/** Deterministic pseudo-random doubles for test inputs (tests must not depend on Math.random's stream). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

