/**
 * A small PDF reader for the tests: checks the cross-reference table against the objects, and lists pages,
 * fonts, images and the decompressed content streams. Enough to check Skia's uncompressed-object PDFs
 * without depending on a PDF library.
 */
import { inflateSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';

export interface PdfObject {
  readonly num: number;
  readonly dict: string;
  readonly stream: Buffer | undefined;
}

export interface ParsedPdf {
  readonly version: string;
  readonly objects: ReadonlyMap<number, PdfObject>;
  readonly pages: readonly PdfObject[];
  /** Decompressed content streams of the pages, in page order. */
  readonly contents: readonly string[];
  readonly info: string;
}

/** Parses a PDF, throwing if the xref offsets do not point at the objects they name. */
export function parsePdf(bytes: Buffer): ParsedPdf {
  const text = bytes.toString('latin1');
  const header = /^%PDF-(\d\.\d)/.exec(text);
  if (!header) throw new Error('no %PDF- header');
  if (!/%%EOF\s*$/.test(text)) throw new Error('no %%EOF at the end');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!startxref) throw new Error('no startxref');
  const xrefAt = Number(startxref[1]);
  if (!text.startsWith('xref', xrefAt)) throw new Error(`startxref ${xrefAt} does not point at an xref table`);
  const xref = /^xref\s+(\d+)\s+(\d+)\s+/.exec(text.slice(xrefAt));
  if (!xref) throw new Error('malformed xref');
  const first = Number(xref[1]);
  const count = Number(xref[2]);
  let at = xrefAt + xref[0].length;
  const objects = new Map<number, PdfObject>();
  for (let i = 0; i < count; i++, at += 20) {
    const entry = text.slice(at, at + 20);
    const m = /^(\d{10}) (\d{5}) ([nf])/.exec(entry);
    if (!m) throw new Error(`malformed xref entry ${i}: ${JSON.stringify(entry)}`);
    if (m[3] !== 'n') continue;
    const num = first + i;
    const offset = Number(m[1]);
    const head = new RegExp(`^${num} 0 obj`);
    if (!head.test(text.slice(offset, offset + 20))) throw new Error(`xref entry for object ${num} points at ${offset}, not at the object`);
    const end = text.indexOf('endobj', offset);
    const body = text.slice(offset, end);
    const s = body.indexOf('stream');
    let stream: Buffer | undefined;
    let dict = body;
    if (s >= 0 && /<<[\s\S]*>>\s*stream/.test(body)) {
      dict = body.slice(0, s);
      const lengthMatch = /\/Length (\d+)/.exec(dict);
      const dataStart = offset + s + 'stream'.length + (text[offset + s + 6] === '\r' ? 2 : 1);
      const length = lengthMatch ? Number(lengthMatch[1]) : text.indexOf('endstream', dataStart) - dataStart;
      const raw = bytes.subarray(dataStart, dataStart + length);
      stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : Buffer.from(raw);
    }
    objects.set(num, { num, dict, stream });
  }
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(text);
  if (!trailer) throw new Error('no trailer');
  const infoRef = /\/Info (\d+) 0 R/.exec(trailer[1]!);
  const info = infoRef ? (objects.get(Number(infoRef[1]))?.dict ?? '') : '';
  const pages = [...objects.values()].filter((o) => /\/Type \/Page\b(?!s)/.test(o.dict));
  const contents = pages.map((p) => {
    const refs = /\/Contents (?:(\d+) 0 R|\[([^\]]*)\])/.exec(p.dict);
    if (!refs) return '';
    const nums = refs[1] ? [Number(refs[1])] : [...refs[2]!.matchAll(/(\d+) 0 R/g)].map((r) => Number(r[1]));
    return nums.map((n) => objects.get(n)?.stream?.toString('latin1') ?? '').join('\n');
  });
  return { version: header[1]!, objects, pages, contents, info };
}

/** Runs a poppler tool if installed; `undefined` when it is not. */
export function poppler(tool: 'pdffonts' | 'pdfinfo' | 'pdftotext' | 'pdfimages', args: readonly string[]): string | undefined {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error) return undefined;
  if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
  return r.stdout;
}
