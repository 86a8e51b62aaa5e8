// Worker file for the tinypool and piscina baselines in bench/parallel.ts: the same trivial task as `square`.
export default function square(x) {
  return x * x;
}
