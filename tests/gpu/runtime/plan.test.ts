// The dispatch plan, checked without a device: every index of a launch is covered exactly once by the
// invocations the shader's arithmetic (u32, as in WGSL) gives, at real limits and at limits forced small,
// up to the largest launch (2^31 - 1 invocations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupsFor, planLaunch, tileShape, type LaunchPlan, type PlanLimits, type PlanMode } from '../../../src/gpu/runtime/plan.js';
import { REDUCE_MAX_WORKGROUPS } from '../../../src/gpu/runtime/options.js';

const real: PlanLimits = { maxComputeWorkgroupsPerDimension: 65535, maxStorageBufferBindingSize: 2 ** 27, minStorageBufferOffsetAlignment: 256 };
const small: PlanLimits = { maxComputeWorkgroupsPerDimension: 4, maxStorageBufferBindingSize: 4096, minStorageBufferOffsetAlignment: 256 };
const U32 = 2 ** 32;

/** Every invocation the plan's dispatches run, with the shader's u32 arithmetic; counts visits per linear index. */
function simulate(plan: LaunchPlan, extent: [number, number, number], wg: number): Uint8Array {
  const [nx, ny, nz] = extent;
  const visits = new Uint8Array(nx * ny * nz);
  const u32 = (v: number): number => {
    assert.ok(v >= 0 && v < U32, `u32 arithmetic wrapped: ${v}`);
    return v;
  };
  for (const d of plan.dispatches) {
    const [gx, gy, gz] = d.groups;
    if (plan.mode === 'tiled') {
      const [wx, wy, wz] = plan.workgroup;
      for (let z = 0; z < gz * wz; z++) for (let y = 0; y < gy * wy; y++) for (let x = 0; x < gx * wx; x++) {
        const X = u32(d.origin[0] + x), Y = u32(d.origin[1] + y), Z = u32(d.origin[2] + z);
        if (X >= nx || Y >= ny || Z >= nz) continue;
        visits[u32(X + nx * (Y + ny * Z))]!++;
      }
      continue;
    }
    const groups = gx * gy * gz;
    const stride = u32(groups * wg);
    for (let g = 0; g < groups; g++) {
      for (let lid = 0; lid < wg; lid++) {
        if (plan.mode === 'linear') {
          const idx = u32(d.start + u32(g * wg) + lid);
          if (idx >= d.end) continue;
          assert.ok(idx - d.base < d.bindLength, 'an elementwise index falls outside its array window');
          visits[idx]!++;
        } else {
          for (let local = g * wg + lid; local < d.end - d.start; local = u32(local + stride)) visits[d.start + local]!++;
        }
      }
    }
  }
  return visits;
}

function covers(mode: PlanMode, extent: [number, number, number], wg: number, limits: PlanLimits, split = false): LaunchPlan {
  const grid = (extent[2] > 1 ? 3 : extent[1] > 1 ? 2 : 1) as 1 | 2 | 3;
  const plan = planLaunch({ extent, grid, mode, workgroupSize: wg, limits, ...(split ? { splitElements: extent[0] } : {}) });
  const visits = simulate(plan, extent, wg);
  const wrong = visits.findIndex((v) => v !== 1);
  assert.equal(wrong, -1, `${mode} ${extent} wg ${wg}: index ${wrong} visited ${visits[wrong]} times`);
  for (const d of plan.dispatches) for (const g of d.groups) assert.ok(g >= 1 && g <= limits.maxComputeWorkgroupsPerDimension);
  return plan;
}

test('linear plans cover every index once, splitting into several dispatches when the per-dimension limit is small', () => {
  assert.equal(covers('linear', [10000, 1, 1], 64, real).dispatches.length, 1);
  const split = covers('linear', [10000, 1, 1], 64, { ...small, maxStorageBufferBindingSize: 2 ** 27 });
  assert.equal(split.dispatches.length, 3); // 4^3 groups × 64 = 4096 invocations per dispatch
  for (const n of [1, 63, 64, 65, 4095, 4096, 4097]) covers('linear', [n, 1, 1], 64, small);
});

test('arrays over one storage binding are bound in aligned windows; each window is covered by its own dispatches', () => {
  const plan = covers('linear', [5000, 1, 1], 64, small, true);
  assert.ok(plan.split);
  assert.deepEqual([...new Set(plan.dispatches.map((d) => d.base))], [0, 1024, 2048, 3072, 4096]);
  for (const d of plan.dispatches) assert.equal((d.base * 4) % small.minStorageBufferOffsetAlignment, 0);
  const reducing = covers('reducing', [5000, 1, 1], 64, small, true);
  assert.deepEqual(reducing.dispatches.map((d) => d.base), [0, 1024, 2048, 3072, 4096]);
});

test('reducing plans: partials numbered without gaps, at most REDUCE_MAX_WORKGROUPS a dispatch', () => {
  for (const [n, limits] of [[1e5, real], [777, small], [1e5, small]] as const) {
    const plan = covers('reducing', [n, 1, 1], 64, limits);
    let next = 0;
    for (const d of plan.dispatches) {
      assert.equal(d.partialBase, next);
      const groups = d.groups[0] * d.groups[1] * d.groups[2];
      assert.ok(groups <= REDUCE_MAX_WORKGROUPS);
      next += groups;
    }
    assert.equal(plan.partials, next);
  }
});

test('tiled 2-D and 3-D plans: native workgroup shapes, tiles split by the per-dimension limit', () => {
  const one = covers('tiled', [300, 200, 1], 256, real);
  assert.deepEqual(one.workgroup, [16, 16, 1]);
  assert.equal(one.dispatches.length, 1);
  const tiles = covers('tiled', [300, 200, 1], 256, small);
  assert.equal(tiles.dispatches.length, Math.ceil(300 / 64) * Math.ceil(200 / 64));
  assert.deepEqual(covers('tiled', [40, 30, 20], 256, real).workgroup, [8, 8, 4]);
  covers('tiled', [40, 30, 20], 256, small);
  covers('tiled', [3, 1000, 1], 256, small);
  covers('tiled', [1, 1, 300], 256, small);
});

test('tile shapes follow the grid: narrow grids get narrow workgroups, depth within WebGPU\'s guaranteed 64', () => {
  assert.deepEqual(tileShape(256, 2, [3, 1000, 1]), [4, 64, 1]);
  assert.deepEqual(tileShape(256, 3, [1, 1, 1000]), [4, 1, 64]);
  assert.deepEqual(tileShape(64, 2, [1000, 1000, 1]), [8, 8, 1]);
  assert.deepEqual(tileShape(100, 2, [1000, 1000, 1]), [100, 1, 1]);
  assert.deepEqual(tileShape(256, 2, [2, 2, 1]), [128, 2, 1]); // smaller than one workgroup: the rest along x
});

test('index arithmetic stays in u32 for the largest launch (2^31 - 1 invocations), past 2^24 and 2^32 of workgroup lanes', () => {
  const total = 2 ** 31 - 1;
  for (const wg of [64, 256, 1024]) {
    const plan = planLaunch({ extent: [total, 1, 1], grid: 1, mode: 'linear', workgroupSize: wg, limits: real });
    let covered = 0;
    for (const d of plan.dispatches) {
      const groups = d.groups[0] * d.groups[1] * d.groups[2];
      assert.ok(groups * wg >= d.end - d.start, 'a dispatch too small for its range');
      assert.ok(d.start + groups * wg < U32, `wg ${wg}: the last invocation's index wraps u32`);
      covered += d.end - d.start;
    }
    assert.equal(covered, total);
    const red = planLaunch({ extent: [total, 1, 1], grid: 1, mode: 'reducing', workgroupSize: wg, limits: real });
    const d = red.dispatches[0]!;
    const stride = d.groups[0] * d.groups[1] * d.groups[2] * wg;
    assert.ok(total + 4 * stride < U32, 'the unrolled grid-stride loop wraps u32');
  }
  const tiled = planLaunch({ extent: [46341, 46340, 1], grid: 2, mode: 'tiled', workgroupSize: 256, limits: real });
  for (const d of tiled.dispatches) assert.ok(d.origin[0] + d.groups[0] * 16 < U32 && 46341 * (46340 + 16) < U32);
});

test('groupsFor fills x, then y, then z, overshooting by less than one z-slice', () => {
  assert.deepEqual(groupsFor(70000, 65535), [65535, 2, 1]);
  assert.deepEqual(groupsFor(17, 4), [4, 4, 2]);
  assert.throws(() => groupsFor(65, 4), /do not fit one dispatch/);
});
