// Parses every ```mermaid block of the given Markdown files (or of README.md and docs/**/*.md)
// with Mermaid's real parser. Mermaid needs a DOM even to parse; jsdom provides one, so no
// browser is downloaded. Exits 1 naming file:line and the parser's message for each failure.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

function markdownFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : name.endsWith('.md') ? [path] : [];
  });
}

function blocks(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '```mermaid') {
      const start = i + 1;
      let end = start;
      while (end < lines.length && lines[end].trim() !== '```') end++;
      found.push({ line: start + 1, text: lines.slice(start, end).join('\n') });
      i = end;
    }
  }
  return found;
}

const files = process.argv.length > 2 ? process.argv.slice(2) : ['README.md', ...markdownFiles('docs')];
let parsed = 0;
let failed = 0;
for (const file of files) {
  for (const block of blocks(file)) {
    try {
      const result = await mermaid.parse(block.text);
      if (!result) throw new Error('not recognised as a Mermaid diagram');
      parsed++;
    } catch (e) {
      failed++;
      console.error(`${file}:${block.line}: ${String(e.message ?? e).split('\n').slice(0, 4).join(' | ')}`);
    }
  }
}
console.log(`mermaid: ${parsed} passed, ${failed} failed`);
if (parsed + failed === 0) {
  console.error('mermaid: no diagram found');
  process.exit(1);
}
process.exit(failed === 0 ? 0 : 1);
