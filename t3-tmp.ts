import { fig1, fig2, fig3, fig4, fig5 } from './examples/plot-decorator.js';
import { renderPdf } from './src/index.js';
import { writeFileSync } from 'node:fs';
const t0 = performance.now();
const figs = [fig1.with({ save: false })(40), fig2.with({ save: false })(2000), fig3.with({ save: false })([1, 2, 4, 8, 16, 32, 64]), fig4.with({ save: false })(), fig5.with({ save: false })()];
figs.forEach((f, i) => writeFileSync(`/tmp/pl/fig${i + 1}.pdf`, renderPdf([f.figure])));
console.log(performance.now() - t0);
