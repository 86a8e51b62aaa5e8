import { fig1, fig2, fig3, fig4, fig5 } from './examples/plot-decorator.js';
import { scalingFigure } from './examples/scaling.js';
import { renderPdf } from './src/index.js';
import { writeFileSync } from 'node:fs';
const workers = [1, 2, 3, 4]; const seconds = [4, 2.1, 1.9, 1.8];
const res = { cores: 2, items: 32, reference: { workers: 1, seconds: 4, speedup: 1, efficiency: 1 }, points: [], series: { workers, seconds, idealSeconds: workers.map((w) => 4 / w), speedup: seconds.map((s) => 4 / s), idealSpeedup: workers } } as never;
const figs = [fig1.with({ save: false })(40), fig2.with({ save: false })(2000), fig3.with({ save: false })([1, 2, 4, 8, 16, 32, 64]), fig4.with({ save: false })(), fig5.with({ save: false })(), scalingFigure.with({ save: false })(res)];
figs.forEach((f, i) => writeFileSync(`/tmp/pl/fig${i + 1}.pdf`, renderPdf([f.figure])));
