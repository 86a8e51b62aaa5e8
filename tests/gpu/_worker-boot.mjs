// Worker entry: workers do not inherit `--import tsx`, so register tsx here, then load the TypeScript kernel.
import { register } from 'tsx/esm/api';

register();
await import('./_worker-kernel.ts');
